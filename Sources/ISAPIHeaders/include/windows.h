/*
 * windows.h for ISAPI filters recompiled on Linux with isapi-bridge.
 *
 * Not the Windows SDK: a small shim with what ISAPI filters use, so a filter that starts with
 *     #include <windows.h>
 *     #include <httpfilt.h>
 * compiles unchanged with `cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so`.
 *
 * What is here: the Windows integer and pointer types with their Windows widths (DWORD and LONG
 * are 32-bit even on LP64), TRUE/FALSE, the calling-convention macros (empty: there is one C ABI
 * on x86-64 and arm64 Linux), SetLastError/GetLastError (thread-local, implemented by the host
 * process), the ERROR_* codes of the filter API, MAKELONG and friends, and the C-runtime spellings
 * old filters lean on, as inline functions or macros over the C standard library.
 *
 * Everything is self-contained C99 (plus <pthread.h> for CRITICAL_SECTION), so it also works with
 * -std=c99 / -std=c11 and from C++.
 */
#ifndef ISAPI_BRIDGE_WINDOWS_H
#define ISAPI_BRIDGE_WINDOWS_H

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Calling conventions and decorations (no effect on Linux) ---------------------------------- */

#define WINAPI
#define WINAPIV
#define APIENTRY
#define CALLBACK
#define STDMETHODCALLTYPE
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef FAR
#define FAR
#endif
#ifndef NEAR
#define NEAR
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef VOID
#define VOID void
#endif

/* __declspec(dllexport) makes a symbol visible even under -fvisibility=hidden. */
#ifndef __declspec
#define __declspec(what) ISAPI_BRIDGE_DECLSPEC_##what
#endif
#define ISAPI_BRIDGE_DECLSPEC_dllexport __attribute__((visibility("default")))
#define ISAPI_BRIDGE_DECLSPEC_dllimport
#define ISAPI_BRIDGE_DECLSPEC_noinline __attribute__((noinline))
#define ISAPI_BRIDGE_DECLSPEC_noreturn __attribute__((noreturn))
#define ISAPI_BRIDGE_DECLSPEC_thread __thread

/* ---- Types: Windows widths, not C widths ------------------------------------------------------ */

typedef int32_t BOOL;
typedef uint8_t BOOLEAN;
typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef uint32_t DWORD32;
typedef uint64_t DWORD64;
typedef uint64_t QWORD;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef int INT;
typedef unsigned int UINT;
typedef int32_t LONG;    /* 32-bit on Windows, also on x64 */
typedef uint32_t ULONG;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uint64_t ULONG64;
typedef int64_t LONG64;
typedef intptr_t INT_PTR;
typedef uintptr_t UINT_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef uintptr_t DWORD_PTR;
typedef size_t SIZE_T;
typedef intptr_t SSIZE_T;
typedef float FLOAT;
/* UTF-16 code unit, as on Windows: NOT wchar_t, which is 32-bit on Linux. */
typedef uint16_t WCHAR;
typedef LONG HRESULT;

typedef void *PVOID;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef void *HANDLE;
typedef HANDLE *PHANDLE;
typedef HANDLE HMODULE;
typedef HANDLE HINSTANCE;
typedef CHAR *PCHAR;
typedef CHAR *LPCH;
typedef CHAR *PSTR;
typedef CHAR *LPSTR;
typedef const CHAR *PCSTR;
typedef const CHAR *LPCSTR;
typedef WCHAR *PWSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *PCWSTR;
typedef const WCHAR *LPCWSTR;
typedef BYTE *PBYTE;
typedef BYTE *LPBYTE;
typedef WORD *PWORD;
typedef WORD *LPWORD;
typedef DWORD *PDWORD;
typedef DWORD *LPDWORD;
typedef LONG *PLONG;
typedef LONG *LPLONG;
typedef ULONG *PULONG;
typedef BOOL *PBOOL;
typedef BOOL *LPBOOL;
typedef INT *PINT;
typedef INT *LPINT;
typedef UINT *PUINT;
typedef ULONG_PTR *PULONG_PTR;
typedef SIZE_T *PSIZE_T;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)
#ifndef MAX_PATH
#define MAX_PATH 260
#endif
#define ANYSIZE_ARRAY 1

/* ---- Word and byte macros -------------------------------------------------------------------- */

#define MAKEWORD(low, high) ((WORD)(((BYTE)(((DWORD_PTR)(low)) & 0xff)) | ((WORD)((BYTE)(((DWORD_PTR)(high)) & 0xff))) << 8))
#define MAKELONG(low, high) ((LONG)(((WORD)(((DWORD_PTR)(low)) & 0xffff)) | ((DWORD)((WORD)(((DWORD_PTR)(high)) & 0xffff))) << 16))
#define LOWORD(value) ((WORD)(((DWORD_PTR)(value)) & 0xffff))
#define HIWORD(value) ((WORD)((((DWORD_PTR)(value)) >> 16) & 0xffff))
#define LOBYTE(value) ((BYTE)(((DWORD_PTR)(value)) & 0xff))
#define HIBYTE(value) ((BYTE)((((DWORD_PTR)(value)) >> 8) & 0xff))
#if !defined(NOMINMAX) && !defined(__cplusplus)
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

/* ---- Last error: thread-local, kept by the host --------------------------------------------- */

/* Implemented by the isapi-bridge host process (exported from its executable); a filter resolves
 * them when it is loaded. Every host callback that returns FALSE sets the last error. */
void SetLastError(DWORD dwErrCode);
DWORD GetLastError(void);

/* Win32 error codes used by the filter API (standard values). */
#define ERROR_SUCCESS 0L
#define NO_ERROR 0L
#define ERROR_INVALID_FUNCTION 1L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_PATH_NOT_FOUND 3L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_INVALID_DATA 13L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_MOD_NOT_FOUND 126L
#define ERROR_PROC_NOT_FOUND 127L
#define ERROR_NO_DATA 232L
#define ERROR_MORE_DATA 234L
#define ERROR_INVALID_INDEX 1413L

#define S_OK ((HRESULT)0)
#define S_FALSE ((HRESULT)1)
#define E_FAIL ((HRESULT)0x80004005L)
#define E_INVALIDARG ((HRESULT)0x80070057L)
#define E_OUTOFMEMORY ((HRESULT)0x8007000EL)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define HRESULT_FROM_WIN32(code) \
    ((HRESULT)(code) <= 0 ? ((HRESULT)(code)) : ((HRESULT)(((code) & 0x0000FFFF) | (7 << 16) | 0x80000000)))

/* ---- Memory ---------------------------------------------------------------------------------- */

#define ZeroMemory(destination, length) memset((destination), 0, (length))
#define RtlZeroMemory(destination, length) memset((destination), 0, (length))
#define SecureZeroMemory(destination, length) memset((destination), 0, (length))
#define CopyMemory(destination, source, length) memcpy((destination), (source), (length))
#define RtlCopyMemory(destination, source, length) memcpy((destination), (source), (length))
#define MoveMemory(destination, source, length) memmove((destination), (source), (length))
#define RtlMoveMemory(destination, source, length) memmove((destination), (source), (length))
#define FillMemory(destination, length, fill) memset((destination), (fill), (length))
#define RtlFillMemory(destination, length, fill) memset((destination), (fill), (length))

/* ---- Strings: the "A" (ANSI) kernel32 functions and the MSVC CRT spellings ------------------ */

/* lstrlenA: NULL counts as the empty string, as on Windows. */
static inline int lstrlenA(LPCSTR text) { return text ? (int)strlen(text) : 0; }
static inline LPSTR lstrcpyA(LPSTR destination, LPCSTR source) { return strcpy(destination, source); }
static inline LPSTR lstrcatA(LPSTR destination, LPCSTR source) { return strcat(destination, source); }
/* lstrcpynA: copies at most count-1 characters and always terminates (unlike strncpy). */
static inline LPSTR lstrcpynA(LPSTR destination, LPCSTR source, int count) {
    if (!destination || count <= 0) return destination;
    int index = 0;
    if (source) {
        for (; index < count - 1 && source[index]; index++) destination[index] = source[index];
    }
    destination[index] = '\0';
    return destination;
}

static inline int isapi_bridge_compare_nocase(const char *a, const char *b, size_t limit) {
    for (size_t index = 0; index < limit; index++) {
        int x = tolower((unsigned char)a[index]);
        int y = tolower((unsigned char)b[index]);
        if (x != y) return x - y;
        if (x == 0) return 0;
    }
    return 0;
}
static inline int _stricmp(const char *a, const char *b) { return isapi_bridge_compare_nocase(a, b, (size_t)-1); }
static inline int _strnicmp(const char *a, const char *b, size_t count) { return isapi_bridge_compare_nocase(a, b, count); }
static inline int _strcmpi(const char *a, const char *b) { return _stricmp(a, b); }
#define stricmp _stricmp
#define strnicmp _strnicmp
#define strcmpi _strcmpi
static inline int lstrcmpA(LPCSTR a, LPCSTR b) { return strcmp(a, b); }
static inline int lstrcmpiA(LPCSTR a, LPCSTR b) { return _stricmp(a, b); }

static inline char *_strlwr(char *text) {
    for (char *cursor = text; cursor && *cursor; cursor++) *cursor = (char)tolower((unsigned char)*cursor);
    return text;
}
static inline char *_strupr(char *text) {
    for (char *cursor = text; cursor && *cursor; cursor++) *cursor = (char)toupper((unsigned char)*cursor);
    return text;
}
static inline char *_strdup(const char *text) {
    size_t length = strlen(text) + 1;
    char *copy = (char *)malloc(length);
    return copy ? (char *)memcpy(copy, text, length) : NULL;
}

/* _snprintf maps to C99 snprintf, which always terminates the buffer (MSVC's does not on
 * truncation and returns -1 there; code that checks for -1 must check for >= size instead). */
#define _snprintf snprintf
#define _vsnprintf vsnprintf
#define sprintf_s snprintf
#define _snprintf_s(buffer, size, count, ...) snprintf((buffer), (size), __VA_ARGS__)
/* wsprintfA has no buffer size on Windows either (it stops at 1024 characters there). */
#define wsprintfA sprintf
#define wvsprintfA vsprintf

/* Generic-text names resolve to the ANSI functions (filters are ANSI-only). */
#define lstrlen lstrlenA
#define lstrcpy lstrcpyA
#define lstrcpyn lstrcpynA
#define lstrcat lstrcatA
#define lstrcmp lstrcmpA
#define lstrcmpi lstrcmpiA
#define wsprintf wsprintfA
#define wvsprintf wvsprintfA

/* OutputDebugString writes to the host's standard error. */
static inline void OutputDebugStringA(LPCSTR text) {
    if (text) fputs(text, stderr);
}
#define OutputDebugString OutputDebugStringA

/* ---- Interlocked operations and critical sections (filters are called on many threads) ------ */

static inline LONG InterlockedIncrement(LONG volatile *value) { return __atomic_add_fetch(value, 1, __ATOMIC_SEQ_CST); }
static inline LONG InterlockedDecrement(LONG volatile *value) { return __atomic_sub_fetch(value, 1, __ATOMIC_SEQ_CST); }
static inline LONG InterlockedExchange(LONG volatile *target, LONG value) {
    return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}
static inline LONG InterlockedExchangeAdd(LONG volatile *target, LONG value) {
    return __atomic_fetch_add(target, value, __ATOMIC_SEQ_CST);
}
static inline LONG InterlockedCompareExchange(LONG volatile *target, LONG exchange, LONG comparand) {
    __atomic_compare_exchange_n(target, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}

/* Recursive, like the Windows one. */
typedef struct {
    pthread_mutex_t mutex;
    pthread_t owner;
    LONG depth;
} CRITICAL_SECTION, *LPCRITICAL_SECTION;

static inline void InitializeCriticalSection(LPCRITICAL_SECTION section) {
    pthread_mutex_init(&section->mutex, NULL);
    section->depth = 0;
}
static inline void DeleteCriticalSection(LPCRITICAL_SECTION section) { pthread_mutex_destroy(&section->mutex); }
static inline void EnterCriticalSection(LPCRITICAL_SECTION section) {
    pthread_t self = pthread_self();
    if (__atomic_load_n(&section->depth, __ATOMIC_ACQUIRE) > 0 && pthread_equal(section->owner, self)) {
        section->depth++;
        return;
    }
    pthread_mutex_lock(&section->mutex);
    section->owner = self;
    __atomic_store_n(&section->depth, 1, __ATOMIC_RELEASE);
}
static inline void LeaveCriticalSection(LPCRITICAL_SECTION section) {
    if (--section->depth == 0) pthread_mutex_unlock(&section->mutex);
}

/* ---- ABI checks ------------------------------------------------------------------------------ */

#ifdef __cplusplus
#define ISAPI_BRIDGE_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define ISAPI_BRIDGE_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

ISAPI_BRIDGE_STATIC_ASSERT(sizeof(DWORD) == 4, "DWORD must be 32-bit");
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(LONG) == 4, "LONG must be 32-bit, as on Windows");
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(BOOL) == 4, "BOOL must be 32-bit");
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(WORD) == 2, "WORD must be 16-bit");
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(WCHAR) == 2, "WCHAR must be a UTF-16 code unit");
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(ULONG_PTR) == sizeof(void *), "ULONG_PTR must be pointer-sized");
ISAPI_BRIDGE_STATIC_ASSERT(MAKELONG(0, 10) == 0x000A0000, "MAKELONG(low, high)");

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_BRIDGE_WINDOWS_H */
