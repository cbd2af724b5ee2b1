// The C++ mapping of __try/__except/__finally (isapi_bridge_win32_seh.h), run as a program: the
// exit status is the number of expectations that failed; each failure is printed.
#include <windows.h>
#include <stdexcept>
#include <string>
#include <vector>

static int failures = 0;
static void expect(bool condition, const char *what) {
    if (!condition) { std::printf("failed: %s\n", what); failures++; }
}

static int guarded(int value) {
    __try {
        if (value < 0) throw std::runtime_error("negative");
        return value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        expect(GetExceptionCode() == 0xE06D7363u, "GetExceptionCode() is the C++ exception code in a handler");
        return -1;
    }
}

int main() {
    expect(guarded(5) == 5, "no exception: the block's value");
    expect(guarded(-5) == -1, "a C++ exception runs the __except block");
    int finally_ran = 0;
    __try {
        std::vector<std::string> words{"a", "b"};  // libstdc++ headers after windows.h still compile
        finally_ran = -1;
    } __finally {
        finally_ran = finally_ran == -1 ? 1 : 2;
    }
    expect(finally_ran == 1, "__finally runs after the block completes");
    bool propagated = false;
    try {
        __try {
            throw 42;
        } __finally {
            expect(false, "__finally does not run while an exception propagates");
        }
    } catch (int) {
        propagated = true;
    }
    expect(propagated, "an exception leaves a __try/__finally block unchanged");
    return failures;
}
