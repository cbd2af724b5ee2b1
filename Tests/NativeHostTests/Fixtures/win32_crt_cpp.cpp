// The C++ face of the porting layer: the same functions on wchar_t (L"...") and char16_t (WCHAR)
// strings, and the secure CRT's array overloads that infer the buffer size. Loaded like
// win32_crt.c; each check_<name>() returns NULL or the first failed expectation.
#include <Windows.h>
#include <tchar.h>
#include <new>

#define EXPORT extern "C" __attribute__((visibility("default")))
#define CHECK(condition) do { if (!(condition)) return "failed: " #condition; } while (0)

// A dynamic exception specification, as legacy modules declare them (C++17 removed them).
static void *allocate(size_t size) throw(std::bad_alloc) { return ::operator new(size); }

template <typename Unit> static bool same(const Unit *a, const char *ascii) {
    for (; *ascii; a++, ascii++) if (*a != (Unit)(unsigned char)*ascii) return false;
    return *a == 0;
}

EXPORT const char *check_cpp_wide_overloads(void) {
    wchar_t wide[40];
    WCHAR utf16[40];
    CHECK(_ltow_s(-42L, wide, 10) == 0 && same(wide, "-42"));          // array form, wchar_t
    CHECK(_ltow_s(255L, utf16, 16) == 0 && same(utf16, "ff"));         // array form, WCHAR
    CHECK(_itow_s(7, wide, 40, 2) == 0 && same(wide, "111"));
    CHECK(wcscpy_s(wide, L"abc") == 0 && wcscat_s(wide, L"de") == 0 && same(wide, "abcde"));
    CHECK(wcscpy_s(utf16, 3, u"abc") == ERANGE && utf16[0] == 0);
    CHECK(lstrlenW(L"abcd") == 4 && lstrlenW(u"abc") == 3);
    CHECK(lstrcmpiW(L"ABC", L"abc") == 0);
    char narrow[16];
    CHECK(WideCharToMultiByte(CP_UTF8, 0, L"h\u00e9", -1, narrow, sizeof narrow, NULL, NULL) == 4);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98\x80", -1, wide, 40) == 2 && wide[0] == 0x1F600);
    CHECK(MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98\x80", -1, utf16, 40) == 3 && utf16[0] == 0xD83D);
    static const GUID guid = { 0x00000001, 0x0002, 0x0003, { 4, 5, 6, 7, 8, 9, 10, 11 } };
    CHECK(StringFromGUID2(guid, wide, 39) == 39 && same(wide, "{00000001-0002-0003-0405-060708090A0B}"));
    CHECK(IsEqualGUID(guid, guid));
    return NULL;
}

// Windows code mixes WCHAR buffers and L"..." literals (both UTF-16 there).
EXPORT const char *check_cpp_mixed_strings(void) {
    WCHAR buffer[8];
    CHECK(wcscpy_s(buffer, 8, L"ab") == 0 && wcscat_s(buffer, 8, L"\U0001F600") == 0);
    CHECK(buffer[0] == 'a' && buffer[2] == 0xD83D && buffer[3] == 0xDE00 && buffer[4] == 0);
    CHECK(wcscmp(buffer, L"ab\U0001F600") == 0 && wcscmp(L"ab", (const WCHAR *)buffer) < 0);
    CHECK(wcsncmp(buffer, L"abc", 2) == 0 && _wcsicmp(u"ABC", L"abc") == 0 && _wcsicmp(L"x", L"X") == 0);
    CHECK(wcscpy_s(buffer, L"1234567") == 0 && wcscpy_s(buffer, L"12345678") == ERANGE && buffer[0] == 0);
    WCHAR path[4096];
    const char *home = getenv("PATH");
    CHECK(home && ExpandEnvironmentStringsW(L"%PATH%", path, 4096) == strlen(home) + 1 && path[0] == (WCHAR)home[0]);
    return NULL;
}

EXPORT const char *check_cpp_array_overloads(void) {
    char buffer[8];
    CHECK(strcpy_s(buffer, "abc") == 0 && strcat_s(buffer, "de") == 0 && strcmp(buffer, "abcde") == 0);
    CHECK(strcat_s(buffer, "fgh") == ERANGE && buffer[0] == '\0');
    CHECK(sprintf_s(buffer, "%d", 1234567) == 7 && sprintf_s(buffer, "%d", 12345678) == -1);
    CHECK(_itoa_s(-5, buffer, 10) == 0 && strcmp(buffer, "-5") == 0);
    CHECK(_snprintf_s(buffer, _TRUNCATE, "%s", "abcdefghij") == -1 && strcmp(buffer, "abcdefg") == 0);
    char drive[_MAX_DRIVE], dir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT];
    CHECK(_splitpath_s("/a/b.c", drive, dir, fname, ext) == 0 && strcmp(dir, "/a/") == 0 && strcmp(ext, ".c") == 0);
    char path[_MAX_PATH];
    CHECK(_makepath_s(path, NULL, "/a", "b", "c") == 0 && strcmp(path, "/a/b.c") == 0);
    char when[26];
    time_t zero = 0;
    CHECK(ctime_s(when, &zero) == 0 && strlen(when) == 25);
    TCHAR text[4];
    CHECK(_tcscpy_s(text, _T("ab")) == 0);
    OutputDebugString(L"");
    OutputDebugString(u"");
    OutputDebugString("");
    void *block = allocate(1);
    ::operator delete(block);
    return NULL;
}

/* Interlocked* on a counter declared `long`, as Windows C++ code declares reference counts. */
EXPORT const char *check_cpp_interlocked_long(void) {
    long volatile count = 1;
    CHECK(InterlockedIncrement(&count) == 2 && count == 2);
    CHECK(InterlockedDecrement(&count) == 1);
    CHECK(InterlockedExchangeAdd(&count, 5) == 1 && count == 6);
    CHECK(InterlockedCompareExchange(&count, 9, 6) == 6 && count == 9);
    CHECK(InterlockedExchange(&count, 3) == 9 && count == 3);
    return NULL;
}
