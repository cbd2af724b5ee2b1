/* Checks of the Win32/CRT porting layer (CRT, strings, time, types), each written from the function's
 * documentation. Not a filter: a shared object the tests dlopen into the test process (which exports
 * SetLastError/GetLastError like the server) and whose check_<name>() they call. Each returns NULL
 * when every documented behaviour holds, else a message naming the first one that did not. */
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

static int same_wide(const WCHAR *a, const char *ascii) {
    for (; *ascii; a++, ascii++) if (*a != (WCHAR)(unsigned char)*ascii) return 0;
    return *a == 0;
}

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

EXPORT const char *check__ltow_s(void) {
    WCHAR buffer[8];
    CHECK(_ltow_s(-42, buffer, 4, 10) == 0 && same_wide(buffer, "-42"));
    CHECK(_ltow_s(-42, buffer, 3, 10) == ERANGE && buffer[0] == 0);
    CHECK(_ltow_s(255, buffer, 8, 16) == 0 && same_wide(buffer, "ff"));
    CHECK(_ltow_s(1, buffer, 8, 1) == EINVAL);
    CHECK(_ltow_s(1, NULL, 8, 10) == EINVAL);
    CHECK(_itow_s(7, buffer, 8, 2) == 0 && same_wide(buffer, "111"));
    CHECK(same_wide(_ltow(-5, buffer, 10), "-5"));
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

EXPORT const char *check_wcscpy_s(void) {
    WCHAR buffer[4];
    CHECK(wcscpy_s(buffer, 4, u"abc") == 0 && same_wide(buffer, "abc"));
    CHECK(wcscpy_s(buffer, 3, u"abc") == ERANGE && buffer[0] == 0);
    buffer[0] = 'x';
    CHECK(wcscpy_s(buffer, 4, NULL) == EINVAL && buffer[0] == 0);
    CHECK(wcscpy_s(NULL, 4, u"a") == EINVAL);
    CHECK(wcscpy_s(buffer, 0, u"a") == EINVAL);
    return NULL;
}

EXPORT const char *check_wcscat_s(void) {
    WCHAR buffer[6] = { 'a', 'b', 0 };
    CHECK(wcscat_s(buffer, 6, u"cde") == 0 && same_wide(buffer, "abcde"));
    CHECK(wcscat_s(buffer, 6, u"f") == ERANGE && buffer[0] == 0);
    WCHAR full[2] = { 'a', 'b' }; /* not terminated within its size */
    CHECK(wcscat_s(full, 2, u"c") == EINVAL && full[0] == 0);
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

EXPORT const char *check_time_s(void) {
    struct tm broken;
    time_t when = 86400 * 365 + 3661; /* 1971-01-01 01:01:01 UTC */
    CHECK(gmtime_s(&broken, &when) == 0);
    CHECK(broken.tm_year == 71 && broken.tm_mon == 0 && broken.tm_mday == 1 && broken.tm_hour == 1 &&
          broken.tm_min == 1 && broken.tm_sec == 1);
    struct tm expected;
    CHECK(localtime_s(&broken, &when) == 0 && localtime_r(&when, &expected) != NULL);
    CHECK(broken.tm_hour == expected.tm_hour && broken.tm_mday == expected.tm_mday);
    time_t negative = -1;
    CHECK(gmtime_s(&broken, &negative) == EINVAL && broken.tm_year == -1 && broken.tm_mday == -1);
    CHECK(localtime_s(NULL, &when) == EINVAL && localtime_s(&broken, NULL) == EINVAL);
    char text[26], expectedText[40];
    CHECK(ctime_s(text, sizeof text, &when) == 0);
    strftime(expectedText, sizeof expectedText, "%a %b %d %H:%M:%S %Y\n", &expected);
    CHECK(strcmp(text, expectedText) == 0 && strlen(text) == 25);
    CHECK(ctime_s(text, 25, &when) == EINVAL && text[0] == '\0');
    CHECK(ctime_s(text, sizeof text, NULL) == EINVAL);
    return NULL;
}

EXPORT const char *check_rand_s(void) {
    unsigned int values[4];
    for (int index = 0; index < 4; index++) CHECK(rand_s(&values[index]) == 0);
    CHECK(!(values[0] == values[1] && values[1] == values[2] && values[2] == values[3]));
    CHECK(rand_s(NULL) == EINVAL);
    return NULL;
}

EXPORT const char *check_StringFromGUID2(void) {
    static const GUID guid = { 0x12345678, 0x9abc, 0xdef0, { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xa8 } };
    WCHAR text[39];
    CHECK(StringFromGUID2(&guid, text, 39) == 39);
    CHECK(same_wide(text, "{12345678-9ABC-DEF0-0102-0304050607A8}"));
    CHECK(StringFromGUID2(&guid, text, 38) == 0);
    GUID copy = guid;
    CHECK(IsEqualGUID(&copy, &guid));
    return NULL;
}

EXPORT const char *check_FileTimeToSystemTime(void) {
    FILETIME time = { 0, 0 };
    SYSTEMTIME system;
    CHECK(FileTimeToSystemTime(&time, &system));
    CHECK(system.wYear == 1601 && system.wMonth == 1 && system.wDay == 1 && system.wDayOfWeek == 1 &&
          system.wHour == 0 && system.wMilliseconds == 0);
    ULARGE_INTEGER ticks;
    ticks.QuadPart = 116444736000000000ULL + 12345678ULL; /* 1970-01-01 00:00:01.234 5678 */
    time.dwLowDateTime = ticks.LowPart;
    time.dwHighDateTime = ticks.HighPart;
    CHECK(FileTimeToSystemTime(&time, &system));
    CHECK(system.wYear == 1970 && system.wMonth == 1 && system.wDay == 1 && system.wDayOfWeek == 4 &&
          system.wSecond == 1 && system.wMilliseconds == 234);
    time.dwHighDateTime = 0x80000000u;
    time.dwLowDateTime = 0;
    SetLastError(0);
    CHECK(!FileTimeToSystemTime(&time, &system) && GetLastError() == ERROR_INVALID_PARAMETER);
    return NULL;
}

EXPORT const char *check_SystemTimeToFileTime(void) {
    SYSTEMTIME leap = { 2000, 2, 0, 29, 12, 34, 56, 789 };
    FILETIME time;
    SYSTEMTIME back;
    CHECK(SystemTimeToFileTime(&leap, &time));
    CHECK(FileTimeToSystemTime(&time, &back));
    CHECK(back.wYear == 2000 && back.wMonth == 2 && back.wDay == 29 && back.wHour == 12 && back.wMinute == 34 &&
          back.wSecond == 56 && back.wMilliseconds == 789 && back.wDayOfWeek == 2);
    ULARGE_INTEGER ticks;
    ticks.LowPart = time.dwLowDateTime;
    ticks.HighPart = time.dwHighDateTime;
    CHECK(ticks.QuadPart == 125963012967890000ULL);
    SYSTEMTIME invalid = { 2001, 2, 0, 29, 0, 0, 0, 0 };
    SetLastError(0);
    CHECK(!SystemTimeToFileTime(&invalid, &time) && GetLastError() == ERROR_INVALID_PARAMETER);
    SYSTEMTIME early = { 1600, 12, 0, 31, 0, 0, 0, 0 };
    CHECK(!SystemTimeToFileTime(&early, &time));
    return NULL;
}

EXPORT const char *check_GetSystemTime(void) {
    time_t before = time(NULL);
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    SYSTEMTIME system, local;
    GetSystemTime(&system);
    GetLocalTime(&local);
    time_t after = time(NULL);
    ULARGE_INTEGER ticks;
    ticks.LowPart = now.dwLowDateTime;
    ticks.HighPart = now.dwHighDateTime;
    long long seconds = (long long)(ticks.QuadPart / 10000000ULL) - 11644473600LL;
    CHECK(seconds >= before && seconds <= after);
    struct tm utcBefore, utcAfter, localBefore, localAfter;
    gmtime_r(&before, &utcBefore);
    gmtime_r(&after, &utcAfter);
    localtime_r(&before, &localBefore);
    localtime_r(&after, &localAfter);
    CHECK((system.wMinute == utcBefore.tm_min && system.wHour == utcBefore.tm_hour) ||
          (system.wMinute == utcAfter.tm_min && system.wHour == utcAfter.tm_hour));
    CHECK((local.wMinute == localBefore.tm_min && local.wHour == localBefore.tm_hour &&
           local.wDay == localBefore.tm_mday) ||
          (local.wMinute == localAfter.tm_min && local.wHour == localAfter.tm_hour && local.wDay == localAfter.tm_mday));
    return NULL;
}

EXPORT const char *check_SystemTimeToTzSpecificLocalTime(void) {
    SYSTEMTIME universal = { 2020, 1, 0, 1, 23, 30, 0, 0 }, local;
    TIME_ZONE_INFORMATION zone;
    memset(&zone, 0, sizeof zone);
    zone.Bias = -60; /* UTC+1, no daylight saving time */
    CHECK(SystemTimeToTzSpecificLocalTime(&zone, &universal, &local));
    CHECK(local.wYear == 2020 && local.wMonth == 1 && local.wDay == 2 && local.wHour == 0 && local.wMinute == 30 &&
          local.wDayOfWeek == 4);
    /* NULL: the host's zone. */
    CHECK(SystemTimeToTzSpecificLocalTime(NULL, &universal, &local));
    time_t when = 1577921400; /* 2020-01-01 23:30:00 UTC */
    struct tm expected;
    localtime_r(&when, &expected);
    CHECK(local.wHour == expected.tm_hour && local.wDay == expected.tm_mday && local.wMinute == expected.tm_min);
    zone.DaylightDate.wMonth = 3;
    SetLastError(0);
    CHECK(!SystemTimeToTzSpecificLocalTime(&zone, &universal, &local) && GetLastError() == ERROR_NOT_SUPPORTED);
    return NULL;
}

EXPORT const char *check_Sleep(void) {
    ULONGLONG before = GetTickCount64();
    DWORD shortBefore = GetTickCount();
    Sleep(20);
    ULONGLONG after = GetTickCount64();
    CHECK(after - before >= 20);
    CHECK((DWORD)(GetTickCount() - shortBefore) >= 20);
    LARGE_INTEGER frequency, first, second;
    CHECK(QueryPerformanceFrequency(&frequency) && frequency.QuadPart == 1000000000LL);
    CHECK(QueryPerformanceCounter(&first));
    Sleep(5);
    CHECK(QueryPerformanceCounter(&second) && second.QuadPart - first.QuadPart >= 5 * frequency.QuadPart / 1000);
    return NULL;
}

EXPORT const char *check_OutputDebugString(void) {
    char path[] = "/tmp/isapi-bridge-debug-XXXXXX";
    int capture = mkstemp(path);
    CHECK(capture >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(capture, 2);
    OutputDebugStringA("narrow|");
    OutputDebugStringW(u"wide h\u00e9|");
    OutputDebugString("generic|");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[256] = { 0 };
    lseek(capture, 0, SEEK_SET);
    ssize_t count = read(capture, text, sizeof text - 1);
    close(capture);
    unlink(path);
    CHECK(count > 0);
    CHECK(strstr(text, "narrow|wide h\xc3\xa9|generic|") != NULL);
    return NULL;
}

static void *thread_id_of(void *result) {
    *(DWORD *)result = GetCurrentThreadId();
    return NULL;
}
EXPORT const char *check_GetCurrentThreadId(void) {
    CHECK(GetCurrentProcessId() == (DWORD)getpid());
    CHECK(GetCurrentThreadId() == (DWORD)syscall(SYS_gettid));
    DWORD other = 0;
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, thread_id_of, &other) == 0);
    pthread_join(thread, NULL);
    CHECK(other != 0 && other != GetCurrentThreadId());
    CHECK(_getpid() == getpid());
    return NULL;
}

EXPORT const char *check_ExpandEnvironmentStrings(void) {
    const char *home = getenv("PATH");
    CHECK(home != NULL);
    char expected[8192];
    snprintf(expected, sizeof expected, "[%s]%%ISAPI_BRIDGE_UNSET_VARIABLE%%%%", home);
    const char *source = "[%PATH%]%ISAPI_BRIDGE_UNSET_VARIABLE%%";
    DWORD needed = ExpandEnvironmentStringsA(source, NULL, 0);
    CHECK(needed == strlen(expected) + 1);
    char output[8192];
    CHECK(ExpandEnvironmentStringsA(source, output, sizeof output) == needed && strcmp(output, expected) == 0);
    char small[4];
    CHECK(ExpandEnvironmentStringsA(source, small, sizeof small) == needed);
    WCHAR wide[8192];
    DWORD wideNeeded = ExpandEnvironmentStringsW(u"[%PATH%]", NULL, 0);
    CHECK(wideNeeded == strlen(home) + 3);
    CHECK(ExpandEnvironmentStringsW(u"[%PATH%]", wide, 8192) == wideNeeded && wide[0] == '[' &&
          wide[wideNeeded - 2] == ']' && wide[wideNeeded - 1] == 0);
    return NULL;
}

EXPORT const char *check_WideCharToMultiByte(void) {
    const WCHAR *text = u"h\u00e9llo"; /* 6 bytes in UTF-8 and a NUL */
    char output[16];
    CHECK(WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL) == 7);
    CHECK(WideCharToMultiByte(CP_UTF8, 0, text, -1, output, 7, NULL, NULL) == 7 &&
          strcmp(output, "h\xc3\xa9llo") == 0);
    CHECK(WideCharToMultiByte(CP_UTF8, 0, text, 2, output, sizeof output, NULL, NULL) == 3); /* no NUL counted */
    SetLastError(0);
    CHECK(WideCharToMultiByte(CP_UTF8, 0, text, -1, output, 6, NULL, NULL) == 0 &&
          GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    const WCHAR lone[] = { 'a', 0xD800, 'b', 0 };
    CHECK(WideCharToMultiByte(CP_UTF8, 0, lone, -1, output, sizeof output, NULL, NULL) == 6 &&
          memcmp(output, "a\xef\xbf\xbd" "b", 6) == 0);
    SetLastError(0);
    CHECK(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, lone, -1, output, sizeof output, NULL, NULL) == 0 &&
          GetLastError() == ERROR_NO_UNICODE_TRANSLATION);
    const WCHAR pair[] = { 0xD83D, 0xDE00, 0 }; /* U+1F600 */
    CHECK(WideCharToMultiByte(CP_UTF8, 0, pair, -1, output, sizeof output, NULL, NULL) == 5 &&
          memcmp(output, "\xf0\x9f\x98\x80", 5) == 0);
    BOOL usedDefault = FALSE;
    SetLastError(0);
    CHECK(WideCharToMultiByte(CP_UTF8, 0, text, -1, output, 7, "?", NULL) == 0 &&
          GetLastError() == ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(WideCharToMultiByte(CP_UTF8, WC_NO_BEST_FIT_CHARS, text, -1, output, 7, NULL, NULL) == 0 &&
          GetLastError() == ERROR_INVALID_FLAGS);
    SetLastError(0);
    CHECK(WideCharToMultiByte(CP_UTF8, 0, text, 0, output, 7, NULL, NULL) == 0 &&
          GetLastError() == ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK(WideCharToMultiByte(1253, 0, text, -1, output, 7, NULL, NULL) == 0 &&
          GetLastError() == ERROR_INVALID_PARAMETER);
    CHECK(WideCharToMultiByte(20127, 0, text, -1, output, sizeof output, "*", &usedDefault) == 6 &&
          strcmp(output, "h*llo") == 0 && usedDefault);
    CHECK(WideCharToMultiByte(28591, 0, text, -1, output, sizeof output, NULL, &usedDefault) == 6 &&
          strcmp(output, "h\xe9llo") == 0 && !usedDefault);
    CHECK(WideCharToMultiByte(CP_ACP, 0, text, -1, output, sizeof output, NULL, NULL) == 7);
    return NULL;
}

EXPORT const char *check_MultiByteToWideChar(void) {
    WCHAR output[16];
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "h\xc3\xa9", -1, NULL, 0) == 3);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "h\xc3\xa9", -1, output, 3) == 3 && output[0] == 'h' &&
          output[1] == 0xE9 && output[2] == 0);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98\x80", 4, output, 16) == 2 && output[0] == 0xD83D &&
          output[1] == 0xDE00);
    SetLastError(0);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "abc", -1, output, 3) == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "a\xff" "b", 3, output, 16) == 3 && output[1] == 0xFFFD);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "\xc0\x80", 2, output, 16) == 2 && output[0] == 0xFFFD &&
          output[1] == 0xFFFD); /* an overlong NUL is two ill-formed bytes */
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "\xe2\x82", 2, output, 16) == 1 && output[0] == 0xFFFD);
    SetLastError(0);
    CHECK(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff", 2, output, 16) == 0 &&
          GetLastError() == ERROR_NO_UNICODE_TRANSLATION);
    SetLastError(0);
    CHECK(MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, "a", 1, output, 16) == 0 &&
          GetLastError() == ERROR_INVALID_FLAGS);
    CHECK(MultiByteToWideChar(28591, MB_PRECOMPOSED, "\xe9", 1, output, 16) == 1 && output[0] == 0xE9);
    SetLastError(0);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, NULL, -1, output, 16) == 0 && GetLastError() == ERROR_INVALID_PARAMETER);
    return NULL;
}

EXPORT const char *check_lstrW(void) {
    WCHAR buffer[8];
    CHECK(lstrlenW(u"abc") == 3 && lstrlenW(NULL) == 0 && lstrlenA(NULL) == 0);
    CHECK(lstrcpyW(buffer, u"ab") == buffer && same_wide(buffer, "ab"));
    CHECK(same_wide(lstrcatW(buffer, u"cd"), "abcd"));
    CHECK(same_wide(lstrcpynW(buffer, u"wxyz", 3), "wx"));
    CHECK(lstrcmpW(u"abc", u"abd") < 0 && lstrcmpW(u"b", u"a") > 0 && lstrcmpW(u"a", u"a") == 0);
    CHECK(lstrcmpiW(u"ABC", u"abc") == 0 && lstrcmpiW(u"abc", u"ABD") < 0);
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

EXPORT const char *check_GetEnvironmentVariable(void) {
    const char *path = getenv("PATH");
    CHECK(path != NULL);
    size_t length = strlen(path);
    char buffer[8192];
    CHECK(GetEnvironmentVariableA("PATH", buffer, sizeof buffer) == length && strcmp(buffer, path) == 0);
    CHECK(GetEnvironmentVariableA("PATH", buffer, (DWORD)length) == length + 1);
    CHECK(GetEnvironmentVariable("PATH", NULL, 0) == length + 1);
    SetLastError(0);
    CHECK(GetEnvironmentVariableA("ISAPI_BRIDGE_UNSET_VARIABLE", buffer, sizeof buffer) == 0 &&
          GetLastError() == ERROR_ENVVAR_NOT_FOUND);
    return NULL;
}

EXPORT const char *check_GetComputerName(void) {
    char expected[256], name[256];
    CHECK(gethostname(expected, sizeof expected) == 0);
    DWORD size = sizeof name;
    CHECK(GetComputerNameA(name, &size) && strcmp(name, expected) == 0 && size == strlen(expected));
    DWORD small = (DWORD)strlen(expected);
    SetLastError(0);
    CHECK(!GetComputerName(name, &small) && GetLastError() == ERROR_BUFFER_OVERFLOW && small == strlen(expected) + 1);
    return NULL;
}

EXPORT const char *check_GetTimeZoneInformation(void) {
    TIME_ZONE_INFORMATION zone;
    time_t now = time(NULL);
    CHECK(GetTimeZoneInformation(&zone) == TIME_ZONE_ID_UNKNOWN);
    struct tm local;
    localtime_r(&now, &local);
    CHECK(zone.Bias == -local.tm_gmtoff / 60); /* glibc's own offset of the zone, seconds east of UTC */
    CHECK(zone.DaylightDate.wMonth == 0 && zone.StandardName[0] != 0);
    CHECK(GetTimeZoneInformation(NULL) == TIME_ZONE_ID_INVALID);
    char date[9], clock[9];
    CHECK(_strdate_s(date, sizeof date) == 0 && strlen(date) == 8 && date[2] == '/' && date[5] == '/');
    CHECK(_strtime_s(clock, sizeof clock) == 0 && strlen(clock) == 8 && clock[2] == ':' && clock[5] == ':');
    CHECK(_strdate_s(date, 8) == ERANGE && date[0] == '\0');
    CHECK(_strtime_s(NULL, 9) == EINVAL);
    return NULL;
}
