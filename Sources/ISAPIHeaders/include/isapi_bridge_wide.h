/* isapi-bridge: C++ overloads of the C wide-string functions for WCHAR (char16_t) strings.
 * On Windows wchar_t is UTF-16, so samples call wcslen/wcstombs/wcscmp on PCWSTR values the
 * server returns (GetUserName, GetAppPoolName, wide GetServerVariable...). Here WCHAR is char16_t
 * and wchar_t is UTF-32, so these overloads take the char16_t strings; wchar_t strings still go to
 * the C library, and a char16_t string compares with a wchar_t one (L"...") by code point.
 * wcstombs writes UTF-8. Included by windows.h in C++; not a public header alone.
 * A module that already defines its own char16_t versions defines ISAPI_BRIDGE_NO_WIDE_OVERLOADS. */
#ifndef ISAPI_BRIDGE_WIDE_H
#define ISAPI_BRIDGE_WIDE_H
#if defined(__cplusplus) && !defined(ISAPI_BRIDGE_NO_WIDE_OVERLOADS)
#include <wchar.h>

static inline size_t wcslen(const char16_t *text) {
    size_t length = 0;
    while (text[length]) length++;
    return length;
}
static inline size_t wcsnlen(const char16_t *text, size_t limit) {
    size_t length = 0;
    while (length < limit && text[length]) length++;
    return length;
}
static inline int wcscmp(const char16_t *a, const char16_t *b) {
    while (*a && *a == *b) { a++; b++; }
    return (int)*a - (int)*b;
}
static inline int wcsncmp(const char16_t *a, const char16_t *b, size_t count) {
    for (; count && *a && *a == *b; count--) { a++; b++; }
    return count ? (int)*a - (int)*b : 0;
}
static inline int _wcsicmp(const char16_t *a, const char16_t *b) {
    for (;; a++, b++) {
        int x = (*a < 0x80) ? tolower(*a) : *a, y = (*b < 0x80) ? tolower(*b) : *b;
        if (x != y || !x) return x - y;
    }
}

/* A WCHAR string against an L"..." one (Windows code compares API strings with wide literals, both
 * UTF-16 there): compared by code point, the UTF-16 side decoded. */
static inline uint32_t isapi_bridge_next_code_point(const char16_t *&text) {
    uint32_t code = *text;
    if (!code) return 0;
    text++;
    if (code >= 0xD800 && code < 0xDC00 && *text >= 0xDC00 && *text < 0xE000) {
        code = 0x10000 + ((code - 0xD800) << 10) + (uint32_t)(*text++ - 0xDC00);
    }
    return code;
}
static inline uint32_t isapi_bridge_next_code_point(const wchar_t *&text) {
    uint32_t code = (uint32_t)*text;
    if (code) text++;
    return code;
}
template <typename A, typename B>
static inline int isapi_bridge_compare_mixed(const A *a, const B *b, size_t count, bool fold) {
    for (; count; count--) {
        uint32_t x = isapi_bridge_next_code_point(a), y = isapi_bridge_next_code_point(b);
        if (fold && x < 0x80) x = (uint32_t)tolower((int)x);
        if (fold && y < 0x80) y = (uint32_t)tolower((int)y);
        if (x != y) return x < y ? -1 : 1;
        if (!x) return 0;
    }
    return 0;
}
static inline int wcscmp(const char16_t *a, const wchar_t *b) { return isapi_bridge_compare_mixed(a, b, (size_t)-1, false); }
static inline int wcscmp(const wchar_t *a, const char16_t *b) { return isapi_bridge_compare_mixed(a, b, (size_t)-1, false); }
static inline int wcsncmp(const char16_t *a, const wchar_t *b, size_t count) { return isapi_bridge_compare_mixed(a, b, count, false); }
static inline int wcsncmp(const wchar_t *a, const char16_t *b, size_t count) { return isapi_bridge_compare_mixed(a, b, count, false); }
static inline int _wcsicmp(const char16_t *a, const wchar_t *b) { return isapi_bridge_compare_mixed(a, b, (size_t)-1, true); }
static inline int _wcsicmp(const wchar_t *a, const char16_t *b) { return isapi_bridge_compare_mixed(a, b, (size_t)-1, true); }
/* MSVC's _wcsicmp for two L"..." strings (glibc has wcscasecmp, not this name). */
static inline int _wcsicmp(const wchar_t *a, const wchar_t *b) { return isapi_bridge_compare_mixed(a, b, (size_t)-1, true); }

/* UTF-16 to UTF-8, at most `limit` bytes, never splitting a character; terminated when room is left
 * (as the C function). Unpaired surrogates become U+FFFD. Returns the bytes written (no NUL) or,
 * with a NULL destination, the bytes needed. */
static inline size_t wcstombs(char *destination, const char16_t *source, size_t limit) {
    size_t written = 0;
    if (!destination) limit = (size_t)-1;
    for (size_t index = 0; source[index]; index++) {
        uint32_t code = source[index];
        if (code >= 0xD800 && code < 0xDC00 && source[index + 1] >= 0xDC00 && source[index + 1] < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (uint32_t)(source[++index] - 0xDC00);
        } else if (code >= 0xD800 && code < 0xE000) {
            code = 0xFFFD;
        }
        char bytes[4];
        size_t count;
        if (code < 0x80) { bytes[0] = (char)code; count = 1; }
        else if (code < 0x800) { bytes[0] = (char)(0xC0 | (code >> 6)); bytes[1] = (char)(0x80 | (code & 0x3F)); count = 2; }
        else if (code < 0x10000) {
            bytes[0] = (char)(0xE0 | (code >> 12)); bytes[1] = (char)(0x80 | ((code >> 6) & 0x3F));
            bytes[2] = (char)(0x80 | (code & 0x3F)); count = 3;
        } else {
            bytes[0] = (char)(0xF0 | (code >> 18)); bytes[1] = (char)(0x80 | ((code >> 12) & 0x3F));
            bytes[2] = (char)(0x80 | ((code >> 6) & 0x3F)); bytes[3] = (char)(0x80 | (code & 0x3F)); count = 4;
        }
        if (written + count > limit) return written;
        if (destination) memcpy(destination + written, bytes, count);
        written += count;
    }
    if (destination && written < limit) destination[written] = '\0';
    return written;
}

/* wcstombs_s (MSVC): converts at most `count` characters into `size` bytes, always terminated;
 * *converted receives the bytes written including the terminator. Truncation is an error (ERANGE)
 * unless count is _TRUNCATE. For both WCHAR (char16_t) and wchar_t strings. */
template <typename Unit>
static inline int isapi_bridge_wcstombs_s(size_t *converted, char *destination, size_t size, const Unit *source,
                                          size_t count) {
    if (converted) *converted = 0;
    if (!destination || !size || !source) return EINVAL;
    size_t written = 0;
    for (size_t index = 0; index < count && source[index]; index++) {
        char bytes[8];
        Unit one[3] = { source[index], 0, 0 };
        if (sizeof(Unit) == 2 && one[0] >= 0xD800 && one[0] < 0xDC00 && index + 1 < count) one[1] = source[++index];
        size_t length;
        if (sizeof(Unit) == 2) {
            length = wcstombs(bytes, (const char16_t *)one, sizeof bytes);
        } else {
            mbstate_t state = mbstate_t();
            length = wcrtomb(bytes, (wchar_t)one[0], &state);
            if (length == (size_t)-1) { bytes[0] = '?'; length = 1; }
        }
        if (written + length + 1 > size) {
            destination[count == (size_t)-1 ? written : 0] = '\0';
            if (converted) *converted = count == (size_t)-1 ? written + 1 : 0;
            return count == (size_t)-1 ? 80 /* STRUNCATE */ : ERANGE;
        }
        memcpy(destination + written, bytes, length);
        written += length;
    }
    destination[written] = '\0';
    if (converted) *converted = written + 1;
    return 0;
}
static inline int wcstombs_s(size_t *converted, char *destination, size_t size, const char16_t *source, size_t count) {
    return isapi_bridge_wcstombs_s(converted, destination, size, source, count);
}
static inline int wcstombs_s(size_t *converted, char *destination, size_t size, const wchar_t *source, size_t count) {
    return isapi_bridge_wcstombs_s(converted, destination, size, source, count);
}

#endif /* __cplusplus && !ISAPI_BRIDGE_NO_WIDE_OVERLOADS */
#endif /* ISAPI_BRIDGE_WIDE_H */
