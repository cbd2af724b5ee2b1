/* Checks of the Win32/CRT porting layer (CRT, narrow strings, files, types), each written from the
 * function's documentation; win32_wide.c and win32_time.c hold the rest. Not a filter: a shared
 * object the tests dlopen into the test process (which exports SetLastError/GetLastError like the
 * server) and whose check_<name>() they call. Each returns NULL when every documented behaviour
 * holds, else a message naming the first one that did not. */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <io.h>
#include <direct.h>
#include <process.h>
#include <share.h>
#include <crtdbg.h>
#include <intsafe.h>
#include <objbase.h>
#include <wtypes.h>
#include <sdkddkver.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define EXPORT __attribute__((visibility("default")))
#define CHECK(condition) do { if (!(condition)) return "failed: " #condition; } while (0)

EXPORT const char *check_types(void) {
    CHECK(sizeof(UINT16) == 2 && sizeof(UINT32) == 4 && sizeof(UINT64) == 8);
    CHECK(sizeof(INT16) == 2 && sizeof(INT32) == 4 && sizeof(INT64) == 8);
    CHECK(sizeof(__int64) == 8 && sizeof(unsigned __int64) == 8 && sizeof(__int32) == 4);
    CHECK(sizeof(boolean) == 1 && sizeof(errno_t) == sizeof(int));
    CHECK(sizeof(LARGE_INTEGER) == 8 && sizeof(ULARGE_INTEGER) == 8);
    CHECK(sizeof(SYSTEMTIME) == 16 && sizeof(FILETIME) == 8);
    ULARGE_INTEGER u;
    u.QuadPart = 0x1122334455667788ULL;
    CHECK(u.LowPart == 0x55667788u && u.HighPart == 0x11223344u);
    CHECK(u.u.LowPart == 0x55667788u && u.u.HighPart == 0x11223344u);
    LARGE_INTEGER l;
    l.QuadPart = -2;
    CHECK(l.LowPart == 0xFFFFFFFEu && l.HighPart == -1 && l.u.HighPart == -1);
    l.LowPart = 5;
    l.HighPart = 1;
    CHECK(l.QuadPart == 0x100000005LL);
    return NULL;
}

EXPORT const char *check_hresult_macros(void) {
    HRESULT hr = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
    CHECK(ERROR_NOT_FOUND == 1168);
    CHECK((uint32_t)hr == 0x80070490u);
    CHECK(HRESULT_CODE(hr) == ERROR_NOT_FOUND);
    CHECK(HRESULT_FACILITY(hr) == FACILITY_WIN32);
    CHECK(HRESULT_SEVERITY(hr) == SEVERITY_ERROR && IS_ERROR(hr) && !IS_ERROR(S_OK));
    CHECK(MAKE_HRESULT(SEVERITY_ERROR, FACILITY_WIN32, ERROR_ACCESS_DENIED) == E_ACCESSDENIED);
    CHECK(SCODE_CODE(E_INVALIDARG) == ERROR_INVALID_PARAMETER);
    return NULL;
}

EXPORT const char *check__itoa_s(void) {
    char buffer[40];
    CHECK(_itoa_s(123, buffer, 4, 10) == 0 && strcmp(buffer, "123") == 0);
    CHECK(_itoa_s(123, buffer, 3, 10) == ERANGE && buffer[0] == '\0');
    CHECK(_itoa_s(-1, buffer, sizeof buffer, 16) == 0 && strcmp(buffer, "ffffffff") == 0);
    CHECK(_itoa_s(-1, buffer, sizeof buffer, 10) == 0 && strcmp(buffer, "-1") == 0);
    CHECK(_itoa_s(5, buffer, sizeof buffer, 37) == EINVAL && buffer[0] == '\0');
    CHECK(_itoa_s(5, NULL, 0, 10) == EINVAL);
    return NULL;
}

EXPORT const char *check_itoa(void) {
    char buffer[40];
    CHECK(strcmp(itoa(255, buffer, 2), "11111111") == 0);
    CHECK(strcmp(ltoa(-7, buffer, 10), "-7") == 0);
    CHECK(strcmp(_ultoa(35, buffer, 36), "z") == 0);
    return NULL;
}

EXPORT const char *check_strtok_s(void) {
    char first[] = "a,b;;c", second[] = "x y";
    char *contextA = NULL, *contextB = NULL;
    CHECK(strcmp(strtok_s(first, ",;", &contextA), "a") == 0);
    CHECK(strcmp(strtok_s(second, " ", &contextB), "x") == 0); /* interleaved, independent */
    CHECK(strcmp(strtok_s(NULL, ",;", &contextA), "b") == 0);
    CHECK(strcmp(strtok_s(NULL, " ", &contextB), "y") == 0);
    CHECK(strcmp(strtok_s(NULL, ",;", &contextA), "c") == 0);
    CHECK(strtok_s(NULL, ",;", &contextA) == NULL);
    CHECK(strtok_s(NULL, " ", &contextB) == NULL);
    char *nothing = NULL;
    CHECK(strtok_s(NULL, ",", &nothing) == NULL && errno == EINVAL);
    return NULL;
}

static int counted(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int count = _vscprintf(format, arguments);
    va_end(arguments);
    return count;
}
EXPORT const char *check__vscprintf(void) {
    CHECK(_scprintf("%d-%s", 42, "abc") == 6);
    CHECK(counted("%05d", 7) == 5);
    CHECK(counted("") == 0);
    return NULL;
}

static int formatted(char *buffer, size_t size, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int count = vsprintf_s(buffer, size, format, arguments);
    va_end(arguments);
    return count;
}
EXPORT const char *check_vsprintf_s(void) {
    char buffer[8];
    CHECK(formatted(buffer, sizeof buffer, "%s=%d", "a", 12) == 4 && strcmp(buffer, "a=12") == 0);
    CHECK(formatted(buffer, 4, "%s", "abcd") == -1 && buffer[0] == '\0' && errno == ERANGE);
    CHECK(sprintf_s(buffer, sizeof buffer, "%d", 1234567) == 7 && strcmp(buffer, "1234567") == 0);
    CHECK(sprintf_s(buffer, sizeof buffer, "%d", 12345678) == -1 && buffer[0] == '\0');
    CHECK(formatted(NULL, 4, "x") == -1 && errno == EINVAL);
    /* _snprintf_s: count limits the text; _TRUNCATE cuts to the buffer; either cut answers -1. */
    CHECK(_snprintf_s(buffer, sizeof buffer, 3, "%s", "abcdef") == -1 && strcmp(buffer, "abc") == 0);
    CHECK(_snprintf_s(buffer, sizeof buffer, 3, "%s", "ab") == 2 && strcmp(buffer, "ab") == 0);
    CHECK(_snprintf_s(buffer, sizeof buffer, _TRUNCATE, "%s", "abcdefghij") == -1 && strcmp(buffer, "abcdefg") == 0);
    CHECK(_snprintf_s(buffer, sizeof buffer, _TRUNCATE, "%d", 42) == 2 && strcmp(buffer, "42") == 0);
    CHECK(_snprintf_s(buffer, 4, 10, "%s", "abcdef") == -1 && buffer[0] == '\0' && errno == ERANGE);
    CHECK(_snprintf_s(buffer, sizeof buffer, 0, "x") == -1 && errno == EINVAL);
    return NULL;
}

EXPORT const char *check__splitpath_s(void) {
    char drive[_MAX_DRIVE], dir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT];
    CHECK(_MAX_PATH == 260 && _MAX_DRIVE == 3 && _MAX_DIR == 256 && _MAX_FNAME == 256 && _MAX_EXT == 256);
    CHECK(_splitpath_s("C:\\dir\\sub\\file.tar.gz", drive, sizeof drive, dir, sizeof dir, fname, sizeof fname, ext,
                       sizeof ext) == 0);
    CHECK(strcmp(drive, "C:") == 0 && strcmp(dir, "\\dir\\sub\\") == 0);
    CHECK(strcmp(fname, "file.tar") == 0 && strcmp(ext, ".gz") == 0);
    CHECK(_splitpath_s("/srv/site/index", drive, sizeof drive, dir, sizeof dir, fname, sizeof fname, ext,
                       sizeof ext) == 0);
    CHECK(drive[0] == '\0' && strcmp(dir, "/srv/site/") == 0 && strcmp(fname, "index") == 0 && ext[0] == '\0');
    /* Only the parts asked for. */
    CHECK(_splitpath_s("/a/b.c", NULL, 0, NULL, 0, fname, sizeof fname, NULL, 0) == 0 && strcmp(fname, "b") == 0);
    /* A part that does not fit: ERANGE and every part "". */
    char small[3];
    CHECK(_splitpath_s("/a/name.txt", drive, sizeof drive, dir, sizeof dir, small, sizeof small, ext, sizeof ext)
          == ERANGE);
    CHECK(dir[0] == '\0' && small[0] == '\0' && ext[0] == '\0');
    /* A buffer without a size, or a size without a buffer. */
    CHECK(_splitpath_s("/a/b.c", NULL, 3, dir, sizeof dir, fname, sizeof fname, ext, sizeof ext) == EINVAL);
    CHECK(_splitpath_s(NULL, drive, sizeof drive, dir, sizeof dir, fname, sizeof fname, ext, sizeof ext) == EINVAL);
    return NULL;
}

EXPORT const char *check__makepath_s(void) {
    char path[_MAX_PATH];
    CHECK(_makepath_s(path, sizeof path, NULL, "/srv/site", "index", "html") == 0);
    CHECK(strcmp(path, "/srv/site/index.html") == 0);
    CHECK(_makepath_s(path, sizeof path, "c", "\\dir\\", "f", ".txt") == 0 && strcmp(path, "c:\\dir\\f.txt") == 0);
    CHECK(_makepath_s(path, 8, NULL, "/srv/site", "index", "html") == ERANGE && path[0] == '\0');
    CHECK(_makepath_s(NULL, 8, NULL, "/", "a", NULL) == EINVAL);
    return NULL;
}

EXPORT const char *check_fopen_s(void) {
    FILE *file = (FILE *)1;
    CHECK(fopen_s(&file, "/nonexistent-isapi-bridge/x", "r") == ENOENT && file == NULL);
    CHECK(fopen_s(NULL, "/dev/null", "r") == EINVAL);
    CHECK(fopen_s(&file, NULL, "r") == EINVAL && file == NULL);
    CHECK(fopen_s(&file, "/dev/null", "rt") == 0 && file != NULL);
    fclose(file);
    file = _fsopen("/dev/null", "rb", _SH_DENYWR);
    CHECK(file != NULL);
    fclose(file);
    CHECK(_fsopen("/nonexistent-isapi-bridge/x", "r", _SH_DENYNO) == NULL && errno == ENOENT);
    return NULL;
}

EXPORT const char *check_rand_s(void) {
    unsigned int values[4];
    for (int index = 0; index < 4; index++) CHECK(rand_s(&values[index]) == 0);
    CHECK(!(values[0] == values[1] && values[1] == values[2] && values[2] == values[3]));
    CHECK(rand_s(NULL) == EINVAL);
    return NULL;
}

EXPORT const char *check_io(void) {
    CHECK(_access("/", 0) == 0 && _access("/", 4) == 0);
    CHECK(_access("/nonexistent-isapi-bridge", 0) == -1 && errno == ENOENT);
    CHECK(_access("/", 1) == -1 && errno == EINVAL);
    char directory[] = "/tmp/isapi-bridge-find-XXXXXX";
    CHECK(mkdtemp(directory) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/a.txt", directory);
    FILE *file = fopen(path, "w");
    CHECK(file != NULL);
    fputs("12345", file);
    fclose(file);
    snprintf(path, sizeof path, "%s/b.log", directory);
    fclose(fopen(path, "w"));
    snprintf(path, sizeof path, "%s/sub", directory);
    CHECK(_mkdir(path) == 0);
    struct _finddata_t found;
    snprintf(path, sizeof path, "%s\\*.txt", directory);
    intptr_t handle = _findfirst(path, &found);
    CHECK(handle != -1);
    CHECK(strcmp(found.name, "a.txt") == 0 && found.size == 5 && !(found.attrib & _A_SUBDIR));
    CHECK(_findnext(handle, &found) == -1 && errno == ENOENT);
    CHECK(_findclose(handle) == 0);
    snprintf(path, sizeof path, "%s/s*", directory);
    handle = _findfirst(path, &found);
    CHECK(handle != -1 && strcmp(found.name, "sub") == 0 && (found.attrib & _A_SUBDIR));
    _findclose(handle);
    snprintf(path, sizeof path, "%s/*.none", directory);
    CHECK(_findfirst(path, &found) == -1 && errno == ENOENT);
    snprintf(path, sizeof path, "%s/sub", directory);
    CHECK(_rmdir(path) == 0);
    snprintf(path, sizeof path, "%s/a.txt", directory);
    CHECK(_unlink(path) == 0);
    snprintf(path, sizeof path, "%s/b.log", directory);
    unlink(path);
    rmdir(directory);
    CHECK(_A_RDONLY == 1 && _A_HIDDEN == 2 && _A_SUBDIR == 0x10 && _O_BINARY == 0);
    return NULL;
}

EXPORT const char *check_intsafe(void) {
    DWORD sum;
    CHECK(DWordAdd(1, 2, &sum) == S_OK && sum == 3);
    CHECK(DWordAdd(0xFFFFFFFFu, 1, &sum) == INTSAFE_E_ARITHMETIC_OVERFLOW && sum == DWORD_ERROR);
    size_t product;
    CHECK(SizeTMult((size_t)1 << 40, 1 << 24, &product) == INTSAFE_E_ARITHMETIC_OVERFLOW);
    ULONG narrow;
    CHECK(ULongLongToULong(0x100000000ULL, &narrow) == INTSAFE_E_ARITHMETIC_OVERFLOW && narrow == ULONG_ERROR);
    CHECK(ULongLongToULong(7, &narrow) == S_OK && narrow == 7);
    INT signedValue;
    CHECK(DWordToInt(0x80000000u, &signedValue) == INTSAFE_E_ARITHMETIC_OVERFLOW);
    ULONG fromSigned;
    CHECK(LongToULong(-1, &fromSigned) == INTSAFE_E_ARITHMETIC_OVERFLOW);
    return NULL;
}

EXPORT const char *check_generic_text(void) {
    TCHAR buffer[8];
    LPCTSTR source = _T("ab");
    LPTSTR target = buffer;
    CHECK(_tcscpy_s(target, 8, TEXT("ab")) == 0 && _tcscmp(buffer, source) == 0 && _tcslen(buffer) == 2);
    CHECK(_WIN32_WINNT >= _WIN32_WINNT_WIN7);
    _ASSERTE(0); /* nothing without _DEBUG */
    void *block = CoTaskMemAlloc(16);
    CHECK(block != NULL);
    CoTaskMemFree(block);
    return NULL;
}

EXPORT const char *check_memcpy_s(void) {
    char target[4] = "xyz";
    CHECK(memcpy_s(target, sizeof target, "ab", 3) == 0 && strcmp(target, "ab") == 0);
    CHECK(memcpy_s(target, sizeof target, "abcdef", 6) == ERANGE && target[0] == 0 && target[3] == 0);
    memcpy(target, "xyz", 4);
    CHECK(memcpy_s(target, sizeof target, NULL, 2) == EINVAL && target[0] == 0);
    CHECK(memcpy_s(NULL, 4, "a", 1) == EINVAL && memcpy_s(NULL, 0, NULL, 0) == 0);
    memcpy(target, "xyz", 4);
    CHECK(memmove_s(target + 1, 3, target, 2) == 0 && memcmp(target, "xxy", 3) == 0);
    CHECK(memmove_s(target, sizeof target, "abcdef", 6) == ERANGE && target[0] == 'x');
    return NULL;
}

EXPORT const char *check_strncat_s(void) {
    char buffer[6] = "ab";
    CHECK(strncat_s(buffer, sizeof buffer, "cdef", 2) == 0 && strcmp(buffer, "abcd") == 0);
    CHECK(strncat_s(buffer, sizeof buffer, "xyz", 3) == ERANGE && buffer[0] == '\0');
    strcpy(buffer, "ab");
    CHECK(strncat_s(buffer, sizeof buffer, "cdefgh", _TRUNCATE) == STRUNCATE && strcmp(buffer, "abcde") == 0);
    char lower[] = "MiXeD";
    CHECK(_strlwr_s(lower, sizeof lower) == 0 && strcmp(lower, "mixed") == 0);
    CHECK(_strupr_s(lower, sizeof lower) == 0 && strcmp(lower, "MIXED") == 0);
    CHECK(_strupr_s(lower, 3) == EINVAL && lower[0] == '\0'); /* not terminated within 3 */
    return NULL;
}

EXPORT const char *check__i64toa_s(void) {
    char buffer[70];
    CHECK(_i64toa_s(-9223372036854775807LL - 1, buffer, sizeof buffer, 10) == 0 &&
          strcmp(buffer, "-9223372036854775808") == 0);
    CHECK(_ui64toa_s(18446744073709551615ULL, buffer, sizeof buffer, 16) == 0 && strcmp(buffer, "ffffffffffffffff") == 0);
    CHECK(_i64toa_s(-1, buffer, sizeof buffer, 16) == 0 && strcmp(buffer, "ffffffffffffffff") == 0);
    CHECK(_i64toa_s(12345, buffer, 5, 10) == ERANGE && buffer[0] == '\0');
    CHECK(_atoi64("-9000000000") == -9000000000LL && _strtoui64("ff", NULL, 16) == 255);
    CHECK(_countof(buffer) == 70 && ARRAYSIZE(buffer) == 70);
    struct _stat status;
    CHECK(_stat("/", &status) == 0 && S_ISDIR(status.st_mode));
    __time64_t now = _time64(NULL);
    CHECK(now > 0);
    return NULL;
}

