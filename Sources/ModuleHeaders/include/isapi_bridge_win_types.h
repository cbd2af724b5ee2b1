/* isapi-bridge: the Windows types, macros and error codes that IIS native modules use.
 * Fixed-width (LLP64 semantics on LP64 Linux): DWORD/ULONG are 32-bit. Wide strings are UTF-16
 * (WCHAR = char16_t). Shared by httpserv.h and the module windows.h; guarded per group so a
 * filter-side windows.h shim can define the same names first. */
#ifndef ISAPI_BRIDGE_WIN_TYPES_H
#define ISAPI_BRIDGE_WIN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ISAPI_BRIDGE_WIN_BASE_TYPES
#define ISAPI_BRIDGE_WIN_BASE_TYPES
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef uint16_t USHORT;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef uint8_t UCHAR;
typedef int32_t BOOL;
typedef int32_t HRESULT;
typedef uint64_t ULONGLONG;
typedef int64_t LONGLONG;
typedef void VOID;
typedef void* PVOID;
typedef void* LPVOID;
typedef void* HANDLE;
typedef BYTE* PBYTE;
typedef DWORD* PDWORD;
typedef char CHAR;
typedef char* PSTR;
typedef char* LPSTR;
typedef const char* PCSTR;
typedef const char* LPCSTR;
typedef size_t SIZE_T;
typedef uintptr_t ULONG_PTR;
#endif

#ifndef ISAPI_BRIDGE_WIN_WIDE_TYPES
#define ISAPI_BRIDGE_WIN_WIDE_TYPES
#ifdef __cplusplus
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR;
#endif
typedef WCHAR* PWSTR;
typedef WCHAR* LPWSTR;
typedef const WCHAR* PCWSTR;
typedef const WCHAR* LPCWSTR;
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL 0
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
#ifndef WINAPI
#define WINAPI
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef STDMETHODCALLTYPE
#define STDMETHODCALLTYPE
#endif
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
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

#ifndef ISAPI_BRIDGE_WIN_ERRORS
#define ISAPI_BRIDGE_WIN_ERRORS
#define NO_ERROR 0
#define ERROR_SUCCESS 0
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_DATA 13
#define ERROR_HANDLE_EOF 38
#define ERROR_NOT_SUPPORTED 50
#define ERROR_ALREADY_ASSIGNED 85
#define ERROR_INVALID_PARAMETER 87
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_ALREADY_EXISTS 183
#define ERROR_ARITHMETIC_OVERFLOW 534
#define ERROR_STACK_OVERFLOW 1001
#define ERROR_CONNECTION_INVALID 1229
#define ERROR_INVALID_INDEX 1413
#endif

#ifndef ISAPI_BRIDGE_WIN_STRUCTS
#define ISAPI_BRIDGE_WIN_STRUCTS
typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID, IID;
typedef const GUID* LPCGUID;
typedef struct _FILETIME { DWORD dwLowDateTime; DWORD dwHighDateTime; } FILETIME, *PFILETIME;
typedef union _ULARGE_INTEGER {
    struct { DWORD LowPart; DWORD HighPart; } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;
typedef struct sockaddr SOCKADDR, *PSOCKADDR;
typedef void* PSID;
typedef struct _OVERLAPPED OVERLAPPED, *LPOVERLAPPED;
typedef VOID (*LPOVERLAPPED_COMPLETION_ROUTINE)(DWORD dwErrorCode, DWORD dwNumberOfBytesTransfered,
                                                LPOVERLAPPED lpOverlapped);
#endif

#ifndef ISAPI_BRIDGE_WIN_DEBUG
#define ISAPI_BRIDGE_WIN_DEBUG
/* Windows debugging calls: text to stderr; DebugBreak never stops the process. */
static inline void OutputDebugStringA(PCSTR text) { if (text) fputs(text, stderr); }
static inline void DebugBreak(void) { fputs("isapi-bridge: DebugBreak() called by a module (ignored)\n", stderr); }
#endif

#endif /* ISAPI_BRIDGE_WIN_TYPES_H */
