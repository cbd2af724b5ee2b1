/* isapi-bridge: shlwapi.h — the path and string helpers, in A (char) and W (WCHAR) forms.
 *
 * '/' and '\' both separate path components. A function that adds a separator uses the one the
 * path already has: '\' when it holds backslashes and no slash, '/' otherwise (so Linux paths stay
 * Linux paths; the file functions turn '\' into '/' anyway). MAX_PATH (260) bounds the buffers as
 * on Windows: PathCombine/PathAppend fail instead of writing past it. Combining and appending
 * also canonicalise ("." and ".." components). PathFileExists and PathIsDirectory ask
 * GetFileAttributes. Case-insensitive comparisons fold ASCII letters only.
 * docs/win32-support-kernel.md, "shlwapi". */
#ifndef ISAPI_BRIDGE_SHLWAPI_H
#define ISAPI_BRIDGE_SHLWAPI_H

#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ISAPI_BRIDGE_SHLWAPI_FUNCTIONS(S, CH)                                                          \
static inline int isapi_bridge_is_separator_##S(CH c) { return c == '/' || c == '\\'; }               \
static inline size_t isapi_bridge_length_##S(const CH *text) {                                        \
    size_t length = 0;                                                                                \
    while (text[length]) length++;                                                                    \
    return length;                                                                                    \
}                                                                                                     \
/* '\' when the path has backslashes and no slash, else '/'. */                                     \
static inline CH isapi_bridge_separator_of_##S(const CH *path) {                                      \
    int back = 0;                                                                                     \
    for (; path && *path; path++) {                                                                   \
        if (*path == '/') return '/';                                                                 \
        if (*path == '\\') back = 1;                                                                  \
    }                                                                                                 \
    return back ? '\\' : '/';                                                                         \
}                                                                                                     \
/* Length of the root: "/" or "\" (1), "C:\" (3), "C:" (2), else 0. */                              \
static inline size_t isapi_bridge_root_##S(const CH *path) {                                          \
    if (isapi_bridge_is_separator_##S(path[0])) return 1;                                             \
    if (((path[0] | 0x20) >= 'a' && (path[0] | 0x20) <= 'z') && path[1] == ':')                     \
        return isapi_bridge_is_separator_##S(path[2]) ? 3 : 2;                                        \
    return 0;                                                                                         \
}                                                                                                     \
static inline BOOL PathIsRelative##S(const CH *path) { return path && isapi_bridge_root_##S(path) == 0; } \
static inline CH *PathFindFileName##S(const CH *path) {                                               \
    const CH *name = path;                                                                            \
    for (const CH *p = path; p && *p; p++) {                                                          \
        if (isapi_bridge_is_separator_##S(*p) && p[1] && !isapi_bridge_is_separator_##S(p[1])) name = p + 1; \
    }                                                                                                 \
    return (CH *)name;                                                                                \
}                                                                                                     \
static inline CH *PathFindExtension##S(const CH *path) {                                              \
    if (!path) return NULL;                                                                           \
    const CH *dot = NULL, *p = PathFindFileName##S(path);                                             \
    for (; *p; p++) {                                                                                 \
        if (*p == '.') dot = p;                                                                       \
        else if (*p == ' ' || isapi_bridge_is_separator_##S(*p)) dot = NULL;                          \
    }                                                                                                 \
    return (CH *)(dot ? dot : p);                                                                     \
}                                                                                                     \
static inline void PathRemoveExtension##S(CH *path) { if (path) *PathFindExtension##S(path) = 0; }     \
static inline void PathStripPath##S(CH *path) {                                                       \
    if (!path) return;                                                                                \
    CH *name = PathFindFileName##S(path);                                                             \
    if (name == path) return;                                                                         \
    size_t length = isapi_bridge_length_##S(name);                                                    \
    for (size_t i = 0; i <= length; i++) path[i] = name[i];                                           \
}                                                                                                     \
/* Drops the last component and its separator; a root stays. FALSE when nothing was removed. */      \
static inline BOOL PathRemoveFileSpec##S(CH *path) {                                                  \
    if (!path || !*path) return FALSE;                                                                \
    size_t root = isapi_bridge_root_##S(path), length = isapi_bridge_length_##S(path), cut = root;    \
    for (size_t i = root; i < length; i++) if (isapi_bridge_is_separator_##S(path[i])) cut = i;      \
    if (cut == root && root > 0 && root == length) return FALSE;                                      \
    if (cut == root && (root == 0 || !isapi_bridge_is_separator_##S(path[root]))) {                   \
        if (path[root] == 0) return FALSE;                                                            \
        path[root] = 0;                                                                               \
        return TRUE;                                                                                  \
    }                                                                                                 \
    path[cut] = 0;                                                                                    \
    return TRUE;                                                                                      \
}                                                                                                     \
static inline CH *PathAddBackslash##S(CH *path) {                                                     \
    if (!path) return NULL;                                                                           \
    size_t length = isapi_bridge_length_##S(path);                                                    \
    if (length > 0 && isapi_bridge_is_separator_##S(path[length - 1])) return path + length;          \
    if (length + 2 > MAX_PATH) return NULL;                                                           \
    path[length] = isapi_bridge_separator_of_##S(path);                                               \
    path[length + 1] = 0;                                                                             \
    return path + length + 1;                                                                         \
}                                                                                                     \
static inline CH *PathRemoveBackslash##S(CH *path) {                                                  \
    if (!path) return NULL;                                                                           \
    size_t length = isapi_bridge_length_##S(path);                                                    \
    if (length == 0) return path;                                                                     \
    if (length > isapi_bridge_root_##S(path) && isapi_bridge_is_separator_##S(path[length - 1])) {    \
        path[length - 1] = 0;                                                                         \
        return path + length - 1;                                                                     \
    }                                                                                                 \
    return path + length - 1;                                                                         \
}                                                                                                     \
/* Removes "." and resolves ".." (never above the root); FALSE when the result needs MAX_PATH or more. */ \
static inline BOOL PathCanonicalize##S(CH *destination, const CH *source) {                           \
    if (!destination || !source) return FALSE;                                                        \
    CH separator = isapi_bridge_separator_of_##S(source), out[MAX_PATH];                             \
    size_t root = isapi_bridge_root_##S(source), at = 0, starts[MAX_PATH / 2], depth = 0;            \
    size_t length = isapi_bridge_length_##S(source);                                                  \
    if (length >= MAX_PATH) { destination[0] = 0; return FALSE; }                                     \
    for (size_t i = 0; i < root; i++) out[at++] = isapi_bridge_is_separator_##S(source[i]) ? separator : source[i]; \
    for (size_t i = root; i < length;) {                                                              \
        size_t end = i;                                                                               \
        while (end < length && !isapi_bridge_is_separator_##S(source[end])) end++;                    \
        size_t size = end - i;                                                                        \
        if (size == 1 && source[i] == '.') {                                                          \
        } else if (size == 2 && source[i] == '.' && source[i + 1] == '.') {                           \
            if (depth > 0) at = starts[--depth];                                                      \
        } else if (size > 0) {                                                                        \
            if (at > root && out[at - 1] != separator) out[at++] = separator;                         \
            starts[depth++] = at > root && out[at - 1] == separator ? at - 1 : at;                    \
            for (size_t k = i; k < end; k++) out[at++] = source[k];                                   \
        }                                                                                             \
        i = end < length ? end + 1 : end;                                                             \
    }                                                                                                 \
    if (length > root && isapi_bridge_is_separator_##S(source[length - 1]) && at > root) out[at++] = separator; \
    if (at == 0) out[at++] = '.';                                                                     \
    out[at] = 0;                                                                                      \
    for (size_t i = 0; i <= at; i++) destination[i] = out[i];                                         \
    return TRUE;                                                                                      \
}                                                                                                     \
/* dir + file (file alone when it has a root), canonicalised into destination (MAX_PATH); NULL and   \
 * "" when it does not fit. */                                                                        \
static inline CH *PathCombine##S(CH *destination, const CH *directory, const CH *file) {              \
    if (!destination || (!directory && !file)) return NULL;                                           \
    CH joined[2 * MAX_PATH + 2];                                                                      \
    size_t at = 0;                                                                                    \
    if (file && isapi_bridge_root_##S(file) > 0) directory = NULL;                                    \
    size_t left = directory ? isapi_bridge_length_##S(directory) : 0;                                 \
    size_t right = file ? isapi_bridge_length_##S(file) : 0;                                          \
    if (left >= MAX_PATH || right >= MAX_PATH) { destination[0] = 0; return NULL; }                   \
    for (size_t i = 0; i < left; i++) joined[at++] = directory[i];                                    \
    if (left > 0 && right > 0 && !isapi_bridge_is_separator_##S(joined[at - 1]))                      \
        joined[at++] = isapi_bridge_separator_of_##S(directory);                                      \
    for (size_t i = 0; i < right; i++) joined[at++] = file[i];                                        \
    joined[at] = 0;                                                                                   \
    if (!PathCanonicalize##S(destination, joined)) { destination[0] = 0; return NULL; }               \
    return destination;                                                                               \
}                                                                                                     \
static inline BOOL PathAppend##S(CH *path, const CH *more) {                                          \
    if (!path || !more) return FALSE;                                                                 \
    while (isapi_bridge_is_separator_##S(*more)) more++;                                              \
    CH result[MAX_PATH];                                                                              \
    if (!PathCombine##S(result, path, more)) return FALSE;                                            \
    size_t length = isapi_bridge_length_##S(result);                                                  \
    for (size_t i = 0; i <= length; i++) path[i] = result[i];                                         \
    return TRUE;                                                                                      \
}                                                                                                     \
static inline CH isapi_bridge_fold_##S(CH c) { return (c >= 'A' && c <= 'Z') ? (CH)(c + 32) : c; }    \
static inline int StrCmpNI##S(const CH *a, const CH *b, int count) {                                  \
    for (int i = 0; i < count; i++) {                                                                 \
        CH x = isapi_bridge_fold_##S(a[i]), y = isapi_bridge_fold_##S(b[i]);                          \
        if (x != y) return x < y ? -1 : 1;                                                            \
        if (!x) return 0;                                                                             \
    }                                                                                                 \
    return 0;                                                                                         \
}                                                                                                     \
static inline int StrCmpI##S(const CH *a, const CH *b) { return StrCmpNI##S(a, b, 0x7FFFFFFF); }       \
static inline CH *StrStrI##S(const CH *haystack, const CH *needle) {                                  \
    if (!haystack || !needle) return NULL;                                                            \
    size_t length = isapi_bridge_length_##S(needle);                                                  \
    for (const CH *p = haystack;; p++) {                                                              \
        if (StrCmpNI##S(p, needle, (int)length) == 0) return (CH *)p;                                 \
        if (!*p) return NULL;                                                                         \
    }                                                                                                 \
}                                                                                                     \
static inline CH *StrChr##S(const CH *text, CH c) {                                                   \
    for (; text && *text; text++) if (*text == c) return (CH *)text;                                  \
    return NULL;                                                                                      \
}                                                                                                     \
static inline CH *StrRChr##S(const CH *text, const CH *end, CH c) {                                   \
    const CH *found = NULL;                                                                           \
    for (; text && *text && (!end || text < end); text++) if (*text == c) found = text;               \
    return (CH *)found;                                                                               \
}                                                                                                     \
static inline int StrToInt##S(const CH *text) {                                                       \
    int sign = 1, value = 0;                                                                          \
    if (text && *text == '-') { sign = -1; text++; }                                                  \
    while (text && *text >= '0' && *text <= '9') value = value * 10 + (int)(*text++ - '0');           \
    return sign * value;                                                                              \
}                                                                                                     \
/* A copy from LocalAlloc (free it with LocalFree). */                                              \
static inline CH *StrDup##S(const CH *text) {                                                         \
    if (!text) return NULL;                                                                           \
    size_t size = (isapi_bridge_length_##S(text) + 1) * sizeof(CH);                                   \
    CH *copy = (CH *)LocalAlloc(LMEM_FIXED, size);                                                     \
    if (copy) memcpy(copy, text, size);                                                               \
    return copy;                                                                                      \
}

ISAPI_BRIDGE_SHLWAPI_FUNCTIONS(A, CHAR)
ISAPI_BRIDGE_SHLWAPI_FUNCTIONS(W, WCHAR)

static inline BOOL PathFileExistsA(LPCSTR path) { return path && GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES; }
static inline BOOL PathFileExistsW(LPCWSTR path) { return path && GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES; }
/* FILE_ATTRIBUTE_DIRECTORY for a directory, else FALSE. */
static inline BOOL PathIsDirectoryA(LPCSTR path) {
    DWORD attributes = path ? GetFileAttributesA(path) : INVALID_FILE_ATTRIBUTES;
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) ? FILE_ATTRIBUTE_DIRECTORY : FALSE;
}
static inline BOOL PathIsDirectoryW(LPCWSTR path) {
    DWORD attributes = path ? GetFileAttributesW(path) : INVALID_FILE_ATTRIBUTES;
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) ? FILE_ATTRIBUTE_DIRECTORY : FALSE;
}

#define PathFileExists PathFileExistsA
#define PathIsDirectory PathIsDirectoryA
#define PathIsRelative PathIsRelativeA
#define PathFindFileName PathFindFileNameA
#define PathFindExtension PathFindExtensionA
#define PathRemoveExtension PathRemoveExtensionA
#define PathStripPath PathStripPathA
#define PathRemoveFileSpec PathRemoveFileSpecA
#define PathAddBackslash PathAddBackslashA
#define PathRemoveBackslash PathRemoveBackslashA
#define PathCanonicalize PathCanonicalizeA
#define PathCombine PathCombineA
#define PathAppend PathAppendA
#define StrCmpNI StrCmpNIA
#define StrCmpI StrCmpIA
#define StrStrI StrStrIA
#define StrChr StrChrA
#define StrRChr StrRChrA
#define StrToInt StrToIntA
#define StrDup StrDupA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_BRIDGE_SHLWAPI_H */
