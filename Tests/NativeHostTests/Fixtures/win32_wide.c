/* Checks of the Win32/CRT porting layer's wide strings, code-page conversions, environment and
 * GUID text, each written from the function's documentation. Loaded like win32_crt.c (see there);
 * each check_<name>() returns NULL or the first expectation that failed. */
#include <windows.h>

#define EXPORT __attribute__((visibility("default")))
#define CHECK(condition) do { if (!(condition)) return "failed: " #condition; } while (0)

/* Whether the UTF-16 string `a` holds the ASCII text `ascii`. */
static int same_wide(const WCHAR *a, const char *ascii) {
    for (; *ascii; a++, ascii++) if (*a != (WCHAR)(unsigned char)*ascii) return 0;
    return *a == 0;
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

