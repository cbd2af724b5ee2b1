/* isapi-bridge: UTF-16 <-> multibyte conversion (over isapi_bridge_codepage.h) and the kernel32/CRT
 * functions on wide strings and the environment:
 * WideCharToMultiByte, MultiByteToWideChar, lstrlenW/lstrcpyW/lstrcpynW/lstrcatW/lstrcmpW/lstrcmpiW,
 * wcscpy_s/wcscat_s, ExpandEnvironmentStringsA/W, OutputDebugStringW, StringFromGUID2.
 *
 * WCHAR is a UTF-16 code unit (char16_t in C++). C sees these functions on WCHAR strings. C++ also
 * gets each one for wchar_t strings (L"...", 32-bit UTF-32 units on Linux), so code written with
 * either kind of literal compiles; the result has the caller's unit type. wcscpy_s, wcscat_s and
 * ExpandEnvironmentStringsW also take a WCHAR destination with a wchar_t source (converted).
 *
 * Code pages: the "ANSI" and "OEM" code pages (CP_ACP, CP_OEMCP, CP_MACCP, CP_THREAD_ACP) are UTF-8
 * here, as the Linux locale is; CP_UTF8, 28591 (ISO-8859-1) and 20127 (US-ASCII) are supported too.
 * Any other code page fails with ERROR_INVALID_PARAMETER. Return values, flags and last-error codes
 * follow the Win32 documentation (0 with ERROR_INSUFFICIENT_BUFFER when the output does not fit, the
 * size needed when the output size is 0, -1 as a length means "NUL-terminated, count the NUL").
 * lstrcmpW/lstrcmpiW compare code units (lstrcmpiW folds ASCII letters only), not linguistically.
 * Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_UNICODE_H
#define ISAPI_BRIDGE_UNICODE_H

typedef WCHAR *LPWCH, *PWCH;
typedef const WCHAR *LPCWCH, *PCWCH;
#ifndef ISAPI_BRIDGE_WIN_OLE_TYPES
#define ISAPI_BRIDGE_WIN_OLE_TYPES
typedef WCHAR OLECHAR;
typedef OLECHAR *LPOLESTR;
typedef const OLECHAR *LPCOLESTR;
typedef GUID CLSID;
typedef CLSID *LPCLSID;
#ifdef __cplusplus
typedef const GUID &REFGUID;
typedef const IID &REFIID;
typedef const CLSID &REFCLSID;
#define ISAPI_BRIDGE_GUID_REF(reference) (&(reference))
#else
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
#define ISAPI_BRIDGE_GUID_REF(reference) (reference)
#endif
#define IsEqualGUID(a, b) (memcmp(ISAPI_BRIDGE_GUID_REF(a), ISAPI_BRIDGE_GUID_REF(b), sizeof(GUID)) == 0)
#define IsEqualIID IsEqualGUID
#define IsEqualCLSID IsEqualGUID
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ExpandEnvironmentStrings on UTF-8: %NAME% becomes the variable's value when it is set (names are
 * case-sensitive on Linux); anything else is kept as written. Returns the characters the result
 * needs including its terminator; the result is copied only when it fits (else `output` gets ""). */
static inline DWORD ExpandEnvironmentStringsA(LPCSTR source, LPSTR output, DWORD size) {
    if (!source || (size && !output)) { SetLastError(ERROR_INVALID_PARAMETER); return 0; }
    size_t needed = 1;
    char *result = NULL;
    for (int pass = 0; pass < 2; pass++) {
        size_t used = 0;
        for (const char *cursor = source; *cursor;) {
            const char *value = NULL;
            size_t valueLength = 1;
            const char *close = *cursor == '%' ? strchr(cursor + 1, '%') : NULL;
            if (close && close > cursor + 1) {
                char name[256];
                size_t nameLength = (size_t)(close - cursor - 1);
                if (nameLength < sizeof name) {
                    memcpy(name, cursor + 1, nameLength);
                    name[nameLength] = '\0';
                    value = getenv(name);
                }
            }
            if (value) {
                valueLength = strlen(value);
                if (result) memcpy(result + used, value, valueLength);
                cursor = close + 1;
            } else {
                if (result) result[used] = *cursor;
                cursor++;
            }
            used += valueLength;
        }
        if (result) { result[used] = '\0'; break; }
        needed = used + 1;
        result = (char *)malloc(needed);
        if (!result) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    }
    if (needed <= size) memcpy(output, result, needed);
    else if (size) output[0] = '\0';
    free(result);
    return (DWORD)needed;
}

/* GetEnvironmentVariableA/W: isapi_bridge_win32_process.h (implemented by the host). */

/* ExpandEnvironmentStringsW over any unit sizes: `source` of sourceUnit bytes per unit (2 or 4),
 * `output` of outputUnit; sizes count output units. */
static inline DWORD isapi_bridge_expand_wide(const void *source, size_t sourceUnit, void *output, size_t outputUnit,
                                             DWORD size) {
    if (!source || (size && !output)) { SetLastError(ERROR_INVALID_PARAMETER); return 0; }
    int narrowLength = isapi_bridge_wide_to_multibyte(CP_UTF8, 0, source, sourceUnit, -1, NULL, 0, NULL, NULL);
    char *narrow = narrowLength > 0 ? (char *)malloc((size_t)narrowLength) : NULL;
    if (!narrow) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    isapi_bridge_wide_to_multibyte(CP_UTF8, 0, source, sourceUnit, -1, narrow, narrowLength, NULL, NULL);
    DWORD expandedLength = ExpandEnvironmentStringsA(narrow, NULL, 0);
    char *expanded = expandedLength ? (char *)malloc(expandedLength) : NULL;
    if (!expanded) { free(narrow); SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    ExpandEnvironmentStringsA(narrow, expanded, expandedLength);
    free(narrow);
    int needed = isapi_bridge_multibyte_to_wide(CP_UTF8, 0, expanded, -1, NULL, outputUnit, 0);
    if ((DWORD)needed <= size) {
        isapi_bridge_multibyte_to_wide(CP_UTF8, 0, expanded, -1, output, outputUnit, needed);
    } else if (size) {
        memset(output, 0, outputUnit);
    }
    free(expanded);
    return (DWORD)needed;
}

/* The wide functions, for one unit type: WCHAR in C; char16_t and wchar_t in C++. */
#define ISAPI_BRIDGE_DEFINE_WIDE_FUNCTIONS(UNIT)                                                            \
    static inline int WideCharToMultiByte(UINT codePage, DWORD flags, const UNIT *wide, int wideCount,      \
                                          LPSTR output, int outputSize, LPCCH defaultChar, LPBOOL usedDefault) { \
        return isapi_bridge_wide_to_multibyte(codePage, flags, wide, sizeof(UNIT), wideCount, output,       \
                                              outputSize, defaultChar, usedDefault);                      \
    }                                                                                                       \
    static inline int MultiByteToWideChar(UINT codePage, DWORD flags, LPCCH text, int textCount, UNIT *output, \
                                          int outputCount) {                                                \
        return isapi_bridge_multibyte_to_wide(codePage, flags, text, textCount, output, sizeof(UNIT),       \
                                              outputCount);                                                \
    }                                                                                                       \
    /* NULL counts as the empty string, as on Windows. */                                                   \
    static inline int lstrlenW(const UNIT *text) {                                                          \
        return text ? (int)isapi_bridge_wide_length(text, sizeof(UNIT)) : 0;                               \
    }                                                                                                       \
    static inline UNIT *lstrcpyW(UNIT *destination, const UNIT *source) {                                   \
        size_t index = 0;                                                                                   \
        do { destination[index] = source[index]; } while (source[index++]);                                 \
        return destination;                                                                                 \
    }                                                                                                       \
    static inline UNIT *lstrcatW(UNIT *destination, const UNIT *source) {                                   \
        lstrcpyW(destination + lstrlenW(destination), source);                                              \
        return destination;                                                                                 \
    }                                                                                                       \
    /* Copies at most count-1 units and always terminates. */                                               \
    static inline UNIT *lstrcpynW(UNIT *destination, const UNIT *source, int count) {                       \
        if (!destination || count <= 0) return destination;                                                 \
        int index = 0;                                                                                      \
        if (source) { for (; index < count - 1 && source[index]; index++) destination[index] = source[index]; } \
        destination[index] = 0;                                                                             \
        return destination;                                                                                 \
    }                                                                                                       \
    static inline int isapi_bridge_compare_wide(const UNIT *a, const UNIT *b, int fold) {                   \
        static const UNIT empty[1] = { 0 };                                                                 \
        if (!a) a = empty;                                                                                  \
        if (!b) b = empty;                                                                                  \
        for (;; a++, b++) {                                                                                 \
            uint32_t x = (uint32_t)*a, y = (uint32_t)*b;                                                    \
            if (fold && x >= 'A' && x <= 'Z') x += 32;                                                      \
            if (fold && y >= 'A' && y <= 'Z') y += 32;                                                      \
            if (x != y) return x < y ? -1 : 1;                                                              \
            if (!x) return 0;                                                                               \
        }                                                                                                   \
    }                                                                                                       \
    static inline int lstrcmpW(const UNIT *a, const UNIT *b) { return isapi_bridge_compare_wide(a, b, 0); } \
    static inline int lstrcmpiW(const UNIT *a, const UNIT *b) { return isapi_bridge_compare_wide(a, b, 1); } \
    /* The secure CRT copies: EINVAL for NULL or size 0, ERANGE with destination "" when it does not fit. */ \
    static inline errno_t wcscpy_s(UNIT *destination, size_t size, const UNIT *source) {                    \
        if (!destination || !size) { errno = EINVAL; return EINVAL; }                                       \
        if (!source) { destination[0] = 0; errno = EINVAL; return EINVAL; }                                 \
        size_t length = isapi_bridge_wide_length(source, sizeof(UNIT));                                     \
        if (length >= size) { destination[0] = 0; errno = ERANGE; return ERANGE; }                          \
        memcpy(destination, source, (length + 1) * sizeof(UNIT));                                           \
        return 0;                                                                                           \
    }                                                                                                       \
    static inline errno_t wcscat_s(UNIT *destination, size_t size, const UNIT *source) {                    \
        if (!destination || !size) { errno = EINVAL; return EINVAL; }                                       \
        size_t used = 0;                                                                                    \
        while (used < size && destination[used]) used++;                                                    \
        if (used == size || !source) { destination[0] = 0; errno = EINVAL; return EINVAL; }                 \
        if (wcscpy_s(destination + used, size - used, source)) { destination[0] = 0; return ERANGE; }      \
        return 0;                                                                                           \
    }                                                                                                       \
    /* Written to standard error as UTF-8. */                                                               \
    static inline void OutputDebugStringW(const UNIT *text) {                                               \
        if (!text) return;                                                                                  \
        int length = isapi_bridge_wide_to_multibyte(CP_UTF8, 0, text, sizeof(UNIT), -1, NULL, 0, NULL, NULL); \
        char *bytes = length > 0 ? (char *)malloc((size_t)length) : NULL;                                   \
        if (!bytes) return;                                                                                 \
        isapi_bridge_wide_to_multibyte(CP_UTF8, 0, text, sizeof(UNIT), -1, bytes, length, NULL, NULL);      \
        fputs(bytes, stderr);                                                                               \
        free(bytes);                                                                                        \
    }                                                                                                       \
    /* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}": the characters written with the terminator (39), 0 when \
     * `count` is less. */                                                                                  \
    static inline int StringFromGUID2(REFGUID guid, UNIT *text, int count) {                                \
        char narrow[40];                                                                                    \
        const GUID *g = ISAPI_BRIDGE_GUID_REF(guid);                                                        \
        if (!text || count < 39) return 0;                                                                  \
        snprintf(narrow, sizeof narrow, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",               \
                 (unsigned)g->Data1, (unsigned)g->Data2, (unsigned)g->Data3, g->Data4[0], g->Data4[1],      \
                 g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);             \
        for (int index = 0; index < 39; index++) text[index] = (UNIT)narrow[index];                         \
        return 39;                                                                                          \
    }                                                                                                       \
    /* As ExpandEnvironmentStringsA; sizes count UNITs. */                                                  \
    static inline DWORD ExpandEnvironmentStringsW(const UNIT *source, UNIT *output, DWORD size) {           \
        return isapi_bridge_expand_wide(source, sizeof(UNIT), output, sizeof(UNIT), size);                  \
    }

#ifndef __cplusplus
ISAPI_BRIDGE_DEFINE_WIDE_FUNCTIONS(WCHAR)
#define ExpandEnvironmentStrings ExpandEnvironmentStringsA
#endif

#ifdef __cplusplus
}
ISAPI_BRIDGE_DEFINE_WIDE_FUNCTIONS(char16_t)
ISAPI_BRIDGE_DEFINE_WIDE_FUNCTIONS(wchar_t)
template <typename Unit, size_t N> static inline errno_t wcscpy_s(Unit (&destination)[N], const Unit *source) {
    return wcscpy_s((Unit *)destination, N, source);
}
template <typename Unit, size_t N> static inline errno_t wcscat_s(Unit (&destination)[N], const Unit *source) {
    return wcscat_s((Unit *)destination, N, source);
}
/* A WCHAR buffer with an L"..." source (Windows code mixes them freely, as both are UTF-16 there):
 * the wchar_t text is converted to UTF-16 as it is copied. */
static inline size_t isapi_bridge_utf16_length_of(const wchar_t *source) {
    size_t length = 0;
    for (; *source; source++) length += ((uint32_t)*source >= 0x10000 && (uint32_t)*source <= 0x10FFFF) ? 2 : 1;
    return length;
}
static inline void isapi_bridge_copy_utf32_to_utf16(char16_t *destination, const wchar_t *source) {
    for (; *source; source++) {
        uint32_t code = (uint32_t)*source;
        if (code > 0x10FFFF || (code >= 0xD800 && code < 0xE000)) code = 0xFFFD;
        if (code >= 0x10000) {
            *destination++ = (char16_t)(0xD800 + ((code - 0x10000) >> 10));
            *destination++ = (char16_t)(0xDC00 + ((code - 0x10000) & 0x3FF));
        } else {
            *destination++ = (char16_t)code;
        }
    }
    *destination = 0;
}
static inline errno_t wcscpy_s(char16_t *destination, size_t size, const wchar_t *source) {
    if (!destination || !size) { errno = EINVAL; return EINVAL; }
    if (!source) { destination[0] = 0; errno = EINVAL; return EINVAL; }
    if (isapi_bridge_utf16_length_of(source) >= size) { destination[0] = 0; errno = ERANGE; return ERANGE; }
    isapi_bridge_copy_utf32_to_utf16(destination, source);
    return 0;
}
static inline errno_t wcscat_s(char16_t *destination, size_t size, const wchar_t *source) {
    if (!destination || !size) { errno = EINVAL; return EINVAL; }
    size_t used = 0;
    while (used < size && destination[used]) used++;
    if (used == size || !source) { destination[0] = 0; errno = EINVAL; return EINVAL; }
    if (wcscpy_s(destination + used, size - used, source)) { destination[0] = 0; return ERANGE; }
    return 0;
}
template <size_t N> static inline errno_t wcscpy_s(char16_t (&destination)[N], const wchar_t *source) {
    return wcscpy_s((char16_t *)destination, N, source);
}
template <size_t N> static inline errno_t wcscat_s(char16_t (&destination)[N], const wchar_t *source) {
    return wcscat_s((char16_t *)destination, N, source);
}
static inline DWORD ExpandEnvironmentStringsW(const wchar_t *source, char16_t *output, DWORD size) {
    return isapi_bridge_expand_wide(source, sizeof(wchar_t), output, sizeof(char16_t), size);
}

/* The generic names take either kind of string in C++. */
static inline DWORD ExpandEnvironmentStrings(const char *source, char *output, DWORD size) {
    return ExpandEnvironmentStringsA(source, output, size);
}
static inline DWORD ExpandEnvironmentStrings(const char16_t *source, char16_t *output, DWORD size) {
    return ExpandEnvironmentStringsW(source, output, size);
}
static inline DWORD ExpandEnvironmentStrings(const wchar_t *source, wchar_t *output, DWORD size) {
    return ExpandEnvironmentStringsW(source, output, size);
}
static inline DWORD ExpandEnvironmentStrings(const wchar_t *source, char16_t *output, DWORD size) {
    return ExpandEnvironmentStringsW(source, output, size);
}

/* OutputDebugString takes either kind of string in C++. */
static inline void OutputDebugString(const char *text) { OutputDebugStringA(text); }
static inline void OutputDebugString(const char16_t *text) { OutputDebugStringW(text); }
static inline void OutputDebugString(const wchar_t *text) { OutputDebugStringW(text); }
#endif

#endif /* ISAPI_BRIDGE_UNICODE_H */
