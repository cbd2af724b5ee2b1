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
 * The Win32/CRT porting layer (time, code pages, wide strings, the secure CRT...) is in the
 * isapi_bridge_*.h headers included at the end; docs/win32-support.md lists every function with its
 * behaviour and test. Everything is C99 plus POSIX (<pthread.h>, <unistd.h>, <time.h>), declared
 * where a strict mode hides it, so it also works with -std=c99 / -std=c11 and from C++.
 *
 * One windows.h serves filters and native modules (httpserv.h includes it too); its groups sit
 * behind ISAPI_BRIDGE_WIN_* guards.
 */
#ifndef ISAPI_BRIDGE_WINDOWS_H
#define ISAPI_BRIDGE_WINDOWS_H

#include <ctype.h>
#include <errno.h>
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

#ifndef WINAPI
#define WINAPI
#endif
#ifndef WINAPIV
#define WINAPIV
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef STDMETHODCALLTYPE
#define STDMETHODCALLTYPE
#endif
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
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
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

#ifndef ISAPI_BRIDGE_WIN_BASE_TYPES
#define ISAPI_BRIDGE_WIN_BASE_TYPES
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef int32_t LONG;    /* 32-bit on Windows, also on x64 */
typedef uint16_t USHORT;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef uint8_t UCHAR;
typedef int32_t BOOL;
typedef int32_t HRESULT;
typedef uint64_t ULONGLONG;
typedef int64_t LONGLONG;
typedef void VOID;
typedef void *PVOID;
typedef void *LPVOID;
typedef void *HANDLE;
typedef BYTE *PBYTE;
typedef DWORD *PDWORD;
typedef char CHAR;
typedef char *PSTR;
typedef char *LPSTR;
typedef const char *PCSTR;
typedef const char *LPCSTR;
typedef size_t SIZE_T;
typedef uintptr_t ULONG_PTR;
#endif

/* A UTF-16 code unit, as on Windows (char16_t in C++), NOT
 * wchar_t, which is 32-bit on Linux. */
#ifndef ISAPI_BRIDGE_WIN_WIDE_TYPES
#define ISAPI_BRIDGE_WIN_WIDE_TYPES
#ifdef __cplusplus
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR;
#endif
typedef WCHAR *PWSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *PCWSTR;
typedef const WCHAR *LPCWSTR;
#endif

/* The rest, for filters. */
typedef uint8_t BOOLEAN;
typedef uint32_t DWORD32;
typedef uint64_t DWORD64;
typedef uint64_t QWORD;
typedef int16_t SHORT;
typedef int INT;
typedef unsigned int UINT;
typedef uint64_t ULONG64;
typedef int64_t LONG64;
typedef intptr_t INT_PTR;
typedef uintptr_t UINT_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t DWORD_PTR;
typedef intptr_t SSIZE_T;
typedef float FLOAT;
typedef const void *LPCVOID;
typedef HANDLE *PHANDLE;
typedef HANDLE HMODULE;
typedef HANDLE HINSTANCE;
typedef CHAR *PCHAR;
typedef CHAR *LPCH;
typedef BYTE *LPBYTE;
typedef WORD *PWORD;
typedef WORD *LPWORD;
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

/* Win32 error codes (standard values) used by the filter and module APIs. */
#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS 0
#endif
#ifndef NO_ERROR
#define NO_ERROR 0
#endif
#ifndef ERROR_INVALID_FUNCTION
#define ERROR_INVALID_FUNCTION 1
#endif
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND 2
#endif
#ifndef ERROR_PATH_NOT_FOUND
#define ERROR_PATH_NOT_FOUND 3
#endif
#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED 5
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE 6
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY 8
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA 13
#endif
#ifndef ERROR_OUTOFMEMORY
#define ERROR_OUTOFMEMORY 14
#endif
#ifndef ERROR_HANDLE_EOF
#define ERROR_HANDLE_EOF 38
#endif
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED 50
#endif
#ifndef ERROR_ALREADY_ASSIGNED
#define ERROR_ALREADY_ASSIGNED 85
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER 87
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER 122
#endif
#ifndef ERROR_MOD_NOT_FOUND
#define ERROR_MOD_NOT_FOUND 126
#endif
#ifndef ERROR_PROC_NOT_FOUND
#define ERROR_PROC_NOT_FOUND 127
#endif
#ifndef ERROR_ALREADY_EXISTS
#define ERROR_ALREADY_EXISTS 183
#endif
#ifndef ERROR_NO_DATA
#define ERROR_NO_DATA 232
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA 234
#endif
#ifndef ERROR_ARITHMETIC_OVERFLOW
#define ERROR_ARITHMETIC_OVERFLOW 534
#endif
#ifndef ERROR_STACK_OVERFLOW
#define ERROR_STACK_OVERFLOW 1001
#endif
#ifndef ERROR_CONNECTION_INVALID
#define ERROR_CONNECTION_INVALID 1229
#endif
#ifndef ERROR_INVALID_INDEX
#define ERROR_INVALID_INDEX 1413
#endif

#ifndef ISAPI_BRIDGE_WIN_HRESULT
#define ISAPI_BRIDGE_WIN_HRESULT
#define S_OK ((HRESULT)0)
#define S_FALSE ((HRESULT)1)
#define E_FAIL ((HRESULT)0x80004005)
#define E_NOTIMPL ((HRESULT)0x80004001)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define E_POINTER ((HRESULT)0x80004003)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define HRESULT_FROM_WIN32(x) \
    ((HRESULT)(x) <= 0 ? ((HRESULT)(x)) : ((HRESULT)(((uint32_t)(x) & 0x0000FFFFu) | 0x80070000u)))
#endif

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

/* The MSVC "secure" CRT copies: on overflow the destination becomes "" and ERANGE is returned. */
static inline int strcpy_s(char *destination, size_t size, const char *source) {
    if (!destination || !size) return EINVAL;
    if (!source) { destination[0] = '\0'; return EINVAL; }
    size_t length = strlen(source);
    if (length >= size) { destination[0] = '\0'; return ERANGE; }
    memcpy(destination, source, length + 1);
    return 0;
}
static inline int strcat_s(char *destination, size_t size, const char *source) {
    if (!destination || !size) return EINVAL;
    size_t used = 0;
    while (used < size && destination[used]) used++;
    if (used == size || !source) { destination[0] = '\0'; return EINVAL; }
    return strcpy_s(destination + used, size - used, source) ? (destination[0] = '\0', ERANGE) : 0;
}
/* count _TRUNCATE ((size_t)-1) copies what fits. */
#define _TRUNCATE ((size_t)-1)
static inline int strncpy_s(char *destination, size_t size, const char *source, size_t count) {
    if (!destination || !size) return EINVAL;
    if (!source) { destination[0] = '\0'; return EINVAL; }
    size_t length = 0;
    while (length < count && source[length]) length++;
    if (length >= size) {
        if (count != _TRUNCATE) { destination[0] = '\0'; return ERANGE; }
        length = size - 1;
    }
    memcpy(destination, source, length);
    destination[length] = '\0';
    return 0;
}

/* OutputDebugString writes to the host's standard error; DebugBreak never stops the process.
 */
#ifndef ISAPI_BRIDGE_WIN_DEBUG
#define ISAPI_BRIDGE_WIN_DEBUG
static inline void OutputDebugStringA(PCSTR text) { if (text) fputs(text, stderr); }
static inline void DebugBreak(void) { fputs("isapi-bridge: DebugBreak() called by a module (ignored)\n", stderr); }
#endif
#ifndef __cplusplus
#define OutputDebugString OutputDebugStringA /* C++: overloads for the three string kinds */
#endif

/* ---- Structures the IIS native-module API uses (GUID, FILETIME, SOCKADDR, OVERLAPPED...) ---- */

typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID, IID;
typedef const GUID* LPCGUID;
/* DEFINE_GUID's linkage: ISAPI_BRIDGE_EXTERN_C declares, ISAPI_BRIDGE_GUID_DEFINITION defines (a const
 * has external linkage in C by itself; in C++ it needs extern "C"). */
#ifdef __cplusplus
#define ISAPI_BRIDGE_EXTERN_C extern "C"
#define ISAPI_BRIDGE_GUID_DEFINITION extern "C"
#else
#define ISAPI_BRIDGE_EXTERN_C extern
#define ISAPI_BRIDGE_GUID_DEFINITION
#endif
#ifndef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    ISAPI_BRIDGE_GUID_DEFINITION const GUID __attribute__((weak)) name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
/* Declares the GUID; the translation unit that includes <initguid.h> first defines it. */
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) ISAPI_BRIDGE_EXTERN_C const GUID name
#endif
#endif
typedef struct _FILETIME { DWORD dwLowDateTime; DWORD dwHighDateTime; } FILETIME, *PFILETIME;
/* LARGE_INTEGER, ULARGE_INTEGER, SYSTEMTIME and the sized integers: isapi_bridge_wintypes.h, below. */
typedef struct sockaddr SOCKADDR, *PSOCKADDR;
/* Winsock's IPv4/IPv6 addresses, laid out like the Linux sockaddr_in/sockaddr_in6 the server hands out
 * (GetRemoteAddress, GetLocalAddress), with the Windows member names: sin_addr.S_un.S_un_b.s_b1 ...,
 * sin_addr.S_un.S_addr and sin_addr.s_addr; sin6_addr.u.Byte / u.Word. */
typedef struct isapi_bridge_in_addr {
    union {
        union {
            struct { UCHAR s_b1, s_b2, s_b3, s_b4; } S_un_b;
            struct { USHORT s_w1, s_w2; } S_un_w;
            ULONG S_addr;
        } S_un;
        ULONG s_addr;
    };
} IN_ADDR, *PIN_ADDR, *LPIN_ADDR;
typedef struct isapi_bridge_sockaddr_in {
    USHORT sin_family;
    USHORT sin_port;
    IN_ADDR sin_addr;
    CHAR sin_zero[8];
} SOCKADDR_IN, *PSOCKADDR_IN, *LPSOCKADDR_IN;
typedef struct isapi_bridge_in6_addr {
    union { UCHAR Byte[16]; USHORT Word[8]; } u;
} IN6_ADDR, *PIN6_ADDR, *LPIN6_ADDR;
typedef struct isapi_bridge_sockaddr_in6 {
    USHORT sin6_family;
    USHORT sin6_port;
    ULONG sin6_flowinfo;
    IN6_ADDR sin6_addr;
    ULONG sin6_scope_id;
} SOCKADDR_IN6, *PSOCKADDR_IN6, *LPSOCKADDR_IN6;
typedef void* PSID;
typedef struct _OVERLAPPED OVERLAPPED, *LPOVERLAPPED;
typedef VOID (*LPOVERLAPPED_COMPLETION_ROUTINE)(DWORD dwErrorCode, DWORD dwNumberOfBytesTransfered,
                                                LPOVERLAPPED lpOverlapped);

/* ---- Interlocked operations and critical sections (filters are called on many threads) ------ */

/* The five 32-bit Interlocked functions over TYPE, sequentially consistent. */
#define ISAPI_BRIDGE_INTERLOCKED_FUNCTIONS(TYPE)                                                              \
    static inline TYPE InterlockedIncrement(TYPE volatile *value) { return __atomic_add_fetch(value, 1, __ATOMIC_SEQ_CST); } \
    static inline TYPE InterlockedDecrement(TYPE volatile *value) { return __atomic_sub_fetch(value, 1, __ATOMIC_SEQ_CST); } \
    static inline TYPE InterlockedExchange(TYPE volatile *target, TYPE value) {                             \
        return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);                                        \
    }                                                                                                       \
    static inline TYPE InterlockedExchangeAdd(TYPE volatile *target, TYPE value) {                          \
        return __atomic_fetch_add(target, value, __ATOMIC_SEQ_CST);                                         \
    }                                                                                                       \
    static inline TYPE InterlockedCompareExchange(TYPE volatile *target, TYPE exchange, TYPE comparand) {   \
        __atomic_compare_exchange_n(target, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);  \
        return comparand;                                                                                   \
    }
ISAPI_BRIDGE_INTERLOCKED_FUNCTIONS(LONG)
#ifdef __cplusplus
/* C++ code written for Windows often declares its counters `long` (32-bit there, so the same type as
 * LONG) and passes `&counter`: these overloads accept it (64-bit here, updated as a whole). */
extern "C++" {
ISAPI_BRIDGE_INTERLOCKED_FUNCTIONS(long)
}
#endif

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

/* ---- DllMain: called by the host after dlopen and at shutdown ----------------------------- */

/* DllMain(hinstDLL, fdwReason, lpvReserved) runs with DLL_PROCESS_ATTACH after the library is opened
 * and before GetFilterVersion/RegisterModule (FALSE fails the load), and with DLL_PROCESS_DETACH at
 * shutdown, after TerminateFilter or the module's Terminate. hinstDLL is the dlopen handle;
 * lpvReserved is NULL both times. DLL_THREAD_ATTACH/DETACH are never sent. Declared here so that
 * a C++ definition gets C linkage and default visibility, as MSVC gives it. */
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH 2
#define DLL_THREAD_DETACH 3
__attribute__((visibility("default"))) BOOL WINAPI DllMain(HINSTANCE hinstDLL, DWORD fdwReason, LPVOID lpvReserved);

/* ---- Generic text (an ANSI build: TCHAR is char) ------------------------------------------- */

typedef char TCHAR, *PTCHAR, *LPTSTR, *PTSTR, *LPTCH, *PTCH;
typedef const char *LPCTSTR, *PCTSTR, *LPCTCH, *PCTCH;
#ifndef TEXT
#define TEXT(text) text
#define __TEXT(text) text
#endif

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
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(SOCKADDR_IN) == 16, "SOCKADDR_IN matches sockaddr_in");
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(SOCKADDR_IN6) == 28, "SOCKADDR_IN6 matches sockaddr_in6");

#ifdef __cplusplus
}
#endif

/* Outside extern "C": the C++ overloads need C++ linkage (and a header inside extern "C" would be a
 * module import there when the headers are built as a Clang module). */
#include "isapi_bridge_wintypes.h"
#include "isapi_bridge_eventlog.h"
#include "isapi_bridge_wide.h"
#include "isapi_bridge_itoa.h"
#include "isapi_bridge_ticks.h"
#include "isapi_bridge_crt.h"
#include "isapi_bridge_time.h"
#include "isapi_bridge_codepage.h"
#include "isapi_bridge_unicode.h"

/* A cast between a pointer and a narrower integer (`(DWORD)pointer`) compiles in C with a warning
 * and then truncates addresses on 64-bit Linux, where Windows code that assumed 32-bit pointers
 * crashes later. From here on in a C file it is an error (C++ rejects it already). */
#ifndef __cplusplus
#pragma GCC diagnostic error "-Wpointer-to-int-cast"
#pragma GCC diagnostic error "-Wint-to-pointer-cast"
#endif
/* Legacy C++ declares dynamic exception specifications (`throw(std::bad_alloc)`), which C++17
 * removed. clang++ accepts them with this; g++ needs `isapi-bridge cxxflags` (-std=gnu++14). */
#if defined(__cplusplus) && defined(__clang__)
#pragma clang diagnostic ignored "-Wdynamic-exception-spec"
#endif

/* The Win32 porting layer's kernel objects, SEH, files, registry and process functions. */
#include "isapi_bridge_win32_kernel.h"
#include "isapi_bridge_win32_seh.h"
#include "isapi_bridge_win32_files.h"
#include "isapi_bridge_win32_registry.h"
#include "isapi_bridge_win32_process.h"
#include "isapi_bridge_win32_wide.h"

#endif /* ISAPI_BRIDGE_WINDOWS_H */
