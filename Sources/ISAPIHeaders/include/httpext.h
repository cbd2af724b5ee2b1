/*
 * httpext.h for ISAPI extensions recompiled on Linux with isapi-bridge.
 *
 * The ISAPI extension interface as the Windows SDK declares it: the same names, values and field
 * order, written from the documented declarations. DWORD is uint32_t and pointers are 8 bytes, so
 * EXTENSION_CONTROL_BLOCK and the ServerSupportFunction structures have the Windows x64 layout on
 * LP64 Linux; the offsets are checked below at compile time.
 *
 * An extension exports GetExtensionVersion and HttpExtensionProc (TerminateExtension is optional);
 * the prototypes at the end give them default visibility, so they are exported even when the
 * extension is compiled with -fvisibility=hidden. docs/porting-extensions.md lists what each
 * ServerSupportFunction request does here.
 */
#ifndef _HTTPEXT_H_
#define _HTTPEXT_H_

#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Versions and sizes ------------------------------------------------------------------------ */

/* The ISAPI revision of IIS 7 and later (ECB.dwVersion is MAKELONG(minor, major)). */
#define HSE_VERSION_MAJOR 8
#define HSE_VERSION_MINOR 0
#define HSE_VERSION MAKELONG(HSE_VERSION_MINOR, HSE_VERSION_MAJOR)

#define HSE_LOG_BUFFER_LEN 80
#define HSE_MAX_EXT_DLL_NAME_LEN 256

/* ---- HttpExtensionProc return values ----------------------------------------------------------- */

#define HSE_STATUS_SUCCESS 1
#define HSE_STATUS_SUCCESS_AND_KEEP_CONN 2
#define HSE_STATUS_PENDING 3
#define HSE_STATUS_ERROR 4

/* ---- ServerSupportFunction requests ------------------------------------------------------------ */

#define HSE_REQ_BASE 0
#define HSE_REQ_SEND_URL_REDIRECT_RESP (HSE_REQ_BASE + 1)
#define HSE_REQ_SEND_URL (HSE_REQ_BASE + 2)
#define HSE_REQ_SEND_RESPONSE_HEADER (HSE_REQ_BASE + 3)
#define HSE_REQ_DONE_WITH_SESSION (HSE_REQ_BASE + 4)
#define HSE_REQ_END_RESERVED 1000

#define HSE_REQ_MAP_URL_TO_PATH (HSE_REQ_END_RESERVED + 1)
#define HSE_REQ_GET_SSPI_INFO (HSE_REQ_END_RESERVED + 2)
#define HSE_APPEND_LOG_PARAMETER (HSE_REQ_END_RESERVED + 3)
#define HSE_REQ_IO_COMPLETION (HSE_REQ_END_RESERVED + 5)
#define HSE_REQ_TRANSMIT_FILE (HSE_REQ_END_RESERVED + 6)
#define HSE_REQ_REFRESH_ISAPI_ACL (HSE_REQ_END_RESERVED + 7)
#define HSE_REQ_IS_KEEP_CONN (HSE_REQ_END_RESERVED + 8)
#define HSE_REQ_ASYNC_READ_CLIENT (HSE_REQ_END_RESERVED + 10)
#define HSE_REQ_GET_IMPERSONATION_TOKEN (HSE_REQ_END_RESERVED + 11)
#define HSE_REQ_MAP_URL_TO_PATH_EX (HSE_REQ_END_RESERVED + 12)
#define HSE_REQ_ABORTIVE_CLOSE (HSE_REQ_END_RESERVED + 14)
#define HSE_REQ_GET_CERT_INFO_EX (HSE_REQ_END_RESERVED + 15)
#define HSE_REQ_SEND_RESPONSE_HEADER_EX (HSE_REQ_END_RESERVED + 16)
#define HSE_REQ_CLOSE_CONNECTION (HSE_REQ_END_RESERVED + 17)
#define HSE_REQ_IS_CONNECTED (HSE_REQ_END_RESERVED + 18)
#define HSE_REQ_MAP_UNICODE_URL_TO_PATH (HSE_REQ_END_RESERVED + 23)
#define HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX (HSE_REQ_END_RESERVED + 24)
#define HSE_REQ_EXEC_UNICODE_URL (HSE_REQ_END_RESERVED + 25)
#define HSE_REQ_EXEC_URL (HSE_REQ_END_RESERVED + 26)
#define HSE_REQ_GET_EXEC_URL_STATUS (HSE_REQ_END_RESERVED + 27)
#define HSE_REQ_SEND_CUSTOM_ERROR (HSE_REQ_END_RESERVED + 28)
#define HSE_REQ_IS_IN_PROCESS (HSE_REQ_END_RESERVED + 30)
#define HSE_REQ_REPORT_UNHEALTHY (HSE_REQ_END_RESERVED + 32)
#define HSE_REQ_NORMALIZE_URL (HSE_REQ_END_RESERVED + 33)
#define HSE_REQ_VECTOR_SEND (HSE_REQ_END_RESERVED + 37)
#define HSE_REQ_GET_ANONYMOUS_TOKEN (HSE_REQ_END_RESERVED + 38)
#define HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK (HSE_REQ_END_RESERVED + 40)
#define HSE_REQ_GET_UNICODE_ANONYMOUS_TOKEN (HSE_REQ_END_RESERVED + 41)
#define HSE_REQ_GET_TRACE_INFO (HSE_REQ_END_RESERVED + 42)
#define HSE_REQ_SET_FLUSH_FLAG (HSE_REQ_END_RESERVED + 43)
#define HSE_REQ_GET_TRACE_INFO_EX (HSE_REQ_END_RESERVED + 44)
#define HSE_REQ_RAISE_TRACE_EVENT (HSE_REQ_END_RESERVED + 45)

/* ---- WriteClient / TRANSMIT_FILE flags (dwReserved, HSE_TF_INFO.dwFlags) ----------------------- */

#define HSE_IO_SYNC 0x00000001
#define HSE_IO_ASYNC 0x00000002
#define HSE_IO_DISCONNECT_AFTER_SEND 0x00000004
#define HSE_IO_SEND_HEADERS 0x00000008
#define HSE_IO_NODELAY 0x00001000
#define HSE_IO_FINAL_SEND 0x00000010
#define HSE_IO_CACHE_RESPONSE 0x00000020
#define HSE_IO_TRY_SKIP_CUSTOM_ERRORS 0x00000040

/* ---- TerminateExtension flags ------------------------------------------------------------------ */

#define HSE_TERM_ADVISORY_UNLOAD 0x00000001
#define HSE_TERM_MUST_UNLOAD 0x00000002

/* ---- HSE_URL_MAPEX_INFO.dwFlags --------------------------------------------------------------- */

#define HSE_URL_FLAGS_READ 0x00000001
#define HSE_URL_FLAGS_WRITE 0x00000002
#define HSE_URL_FLAGS_EXECUTE 0x00000004
#define HSE_URL_FLAGS_SSL 0x00000008
#define HSE_URL_FLAGS_DONT_CACHE 0x00000010
#define HSE_URL_FLAGS_NEGO_CERT 0x00000020
#define HSE_URL_FLAGS_REQUIRE_CERT 0x00000040
#define HSE_URL_FLAGS_MAP_CERT 0x00000080
#define HSE_URL_FLAGS_SSL128 0x00000100
#define HSE_URL_FLAGS_SCRIPT 0x00000200
#define HSE_URL_FLAGS_MASK 0x000003ff

/* ---- HSE_REQ_EXEC_URL flags ------------------------------------------------------------------- */

#define HSE_EXEC_URL_NO_HEADERS 0x02
#define HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR 0x04
#define HSE_EXEC_URL_IGNORE_VALIDATION_AND_RANGE 0x10
#define HSE_EXEC_URL_DISABLE_CUSTOM_ERROR 0x20
#define HSE_EXEC_URL_SSI_CMD 0x40
#define HSE_EXEC_URL_HTTP_CACHE_ELIGIBLE 0x80

/* ---- The connection and the ECB ---------------------------------------------------------------- */

/* The host's handle of one request; only meaningful to the host. */
typedef LPVOID HCONN;

typedef struct _HSE_VERSION_INFO {
    DWORD dwExtensionVersion;
    CHAR lpszExtensionDesc[HSE_MAX_EXT_DLL_NAME_LEN];
} HSE_VERSION_INFO, *LPHSE_VERSION_INFO;

typedef struct _EXTENSION_CONTROL_BLOCK {
    DWORD cbSize;                       /* IN: sizeof(EXTENSION_CONTROL_BLOCK) */
    DWORD dwVersion;                    /* IN: HSE_VERSION */
    HCONN ConnID;                       /* IN: pass to every callback */
    DWORD dwHttpStatusCode;             /* OUT: the status to log */
    CHAR lpszLogData[HSE_LOG_BUFFER_LEN]; /* OUT: text to log with the request */
    LPSTR lpszMethod;                   /* IN: REQUEST_METHOD */
    LPSTR lpszQueryString;              /* IN: QUERY_STRING */
    LPSTR lpszPathInfo;                 /* IN: PATH_INFO */
    LPSTR lpszPathTranslated;           /* IN: PATH_TRANSLATED */
    DWORD cbTotalBytes;                 /* IN: the body's length (0xFFFFFFFF: unknown) */
    DWORD cbAvailable;                  /* IN: bytes in lpbData */
    LPBYTE lpbData;                     /* IN: the first cbAvailable bytes of the body */
    LPSTR lpszContentType;              /* IN: CONTENT_TYPE */

    BOOL (WINAPI *GetServerVariable)(HCONN hConn, LPSTR lpszVariableName, LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *WriteClient)(HCONN ConnID, LPVOID Buffer, LPDWORD lpdwBytes, DWORD dwReserved);
    BOOL (WINAPI *ReadClient)(HCONN ConnID, LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *ServerSupportFunction)(HCONN hConn, DWORD dwHSERequest, LPVOID lpvBuffer, LPDWORD lpdwSize,
                                         LPDWORD lpdwDataType);
} EXTENSION_CONTROL_BLOCK, *LPEXTENSION_CONTROL_BLOCK;

/* ---- ServerSupportFunction structures ---------------------------------------------------------- */

/* HSE_REQ_IO_COMPLETION's callback: one completed asynchronous ReadClient, WriteClient or
 * TRANSMIT_FILE. */
typedef VOID (WINAPI *PFN_HSE_IO_COMPLETION)(EXTENSION_CONTROL_BLOCK *pECB, PVOID pContext, DWORD cbIO, DWORD dwError);

/* HSE_REQ_MAP_URL_TO_PATH_EX. */
typedef struct _HSE_URL_MAPEX_INFO {
    CHAR lpszPath[MAX_PATH];
    DWORD dwFlags;
    DWORD cchMatchingPath;
    DWORD cchMatchingURL;
    DWORD dwReserved1;
    DWORD dwReserved2;
} HSE_URL_MAPEX_INFO, *LPHSE_URL_MAPEX_INFO;

/* HSE_REQ_TRANSMIT_FILE. */
typedef struct _HSE_TF_INFO {
    PFN_HSE_IO_COMPLETION pfnHseIO;
    PVOID pContext;
    HANDLE hFile;
    LPCSTR pszStatusCode;
    DWORD BytesToWrite;
    DWORD Offset;
    PVOID pHead;
    DWORD HeadLength;
    PVOID pTail;
    DWORD TailLength;
    DWORD dwFlags;
} HSE_TF_INFO, *LPHSE_TF_INFO;

/* HSE_REQ_SEND_RESPONSE_HEADER_EX. */
typedef struct _HSE_SEND_HEADER_EX_INFO {
    LPCSTR pszStatus;
    LPCSTR pszHeader;
    DWORD cchStatus;
    DWORD cchHeader;
    BOOL fKeepConn;
} HSE_SEND_HEADER_EX_INFO, *LPHSE_SEND_HEADER_EX_INFO;

/* HSE_REQ_EXEC_URL and HSE_REQ_GET_EXEC_URL_STATUS (declared for source compatibility; both answer
 * FALSE with ERROR_NOT_SUPPORTED: docs/porting-extensions.md). */
typedef struct _HSE_EXEC_URL_USER_INFO {
    HANDLE hImpersonationToken;
    LPSTR pszCustomUserName;
    LPSTR pszCustomAuthType;
} HSE_EXEC_URL_USER_INFO, *LPHSE_EXEC_URL_USER_INFO;

typedef struct _HSE_EXEC_URL_ENTITY_INFO {
    DWORD cbAvailable;
    LPVOID lpbData;
} HSE_EXEC_URL_ENTITY_INFO, *LPHSE_EXEC_URL_ENTITY_INFO;

typedef struct _HSE_EXEC_URL_STATUS {
    USHORT uHttpStatusCode;
    USHORT uHttpSubStatus;
    DWORD dwWin32Error;
} HSE_EXEC_URL_STATUS, *LPHSE_EXEC_URL_STATUS;

typedef struct _HSE_EXEC_URL_INFO {
    LPSTR pszUrl;
    LPSTR pszMethod;
    LPSTR pszChildHeaders;
    LPHSE_EXEC_URL_USER_INFO pUserInfo;
    LPHSE_EXEC_URL_ENTITY_INFO pEntity;
    DWORD dwExecUrlFlags;
} HSE_EXEC_URL_INFO, *LPHSE_EXEC_URL_INFO;

/* HSE_REQ_VECTOR_SEND: a response as a status, a header block and a list of memory and file ranges. */
#define HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER 0
#define HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE 1

typedef struct _HSE_VECTOR_ELEMENT {
    DWORD ElementType;
    PVOID pvContext;
    ULONGLONG cbOffset;
    ULONGLONG cbSize;
} HSE_VECTOR_ELEMENT, *LPHSE_VECTOR_ELEMENT;

typedef struct _HSE_RESPONSE_VECTOR {
    DWORD dwFlags;
    LPSTR pszStatus;
    LPSTR pszHeaders;
    DWORD nElementCount;
    LPHSE_VECTOR_ELEMENT lpElementArray;
} HSE_RESPONSE_VECTOR, *LPHSE_RESPONSE_VECTOR;

/* ---- Entry points an extension exports ---------------------------------------------------------- */

typedef BOOL (WINAPI *PFN_GETEXTENSIONVERSION)(HSE_VERSION_INFO *pVer);
typedef DWORD (WINAPI *PFN_HTTPEXTENSIONPROC)(EXTENSION_CONTROL_BLOCK *pECB);
typedef BOOL (WINAPI *PFN_TERMINATEEXTENSION)(DWORD dwFlags);

__attribute__((visibility("default"))) BOOL WINAPI GetExtensionVersion(HSE_VERSION_INFO *pVer);
__attribute__((visibility("default"))) DWORD WINAPI HttpExtensionProc(EXTENSION_CONTROL_BLOCK *pECB);
__attribute__((visibility("default"))) BOOL WINAPI TerminateExtension(DWORD dwFlags);

/* ---- Layout checks ----------------------------------------------------------------------------- */

#define ISAPI_BRIDGE_EXT_CHECK_OFFSET(type, field, offset) \
    ISAPI_BRIDGE_STATIC_ASSERT(offsetof(type, field) == (offset), #type "." #field " is at offset " #offset)
#define ISAPI_BRIDGE_EXT_CHECK_SIZE(type, size) \
    ISAPI_BRIDGE_STATIC_ASSERT(sizeof(type) == (size), "sizeof(" #type ") is " #size)

ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_VERSION_INFO, 260);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_URL_MAPEX_INFO, 280);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_URL_MAPEX_INFO, dwFlags, 260);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_EXEC_URL_STATUS, 8);

#if UINTPTR_MAX == 0xffffffffffffffffu /* LP64: the Windows x64 layout */
ISAPI_BRIDGE_EXT_CHECK_SIZE(EXTENSION_CONTROL_BLOCK, 192);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, ConnID, 8);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, dwHttpStatusCode, 16);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, lpszLogData, 20);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, lpszMethod, 104);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, lpszQueryString, 112);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, lpszPathInfo, 120);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, lpszPathTranslated, 128);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, cbTotalBytes, 136);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, cbAvailable, 140);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, lpbData, 144);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, lpszContentType, 152);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, GetServerVariable, 160);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, WriteClient, 168);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, ReadClient, 176);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(EXTENSION_CONTROL_BLOCK, ServerSupportFunction, 184);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_TF_INFO, 72);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, hFile, 16);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, pszStatusCode, 24);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, BytesToWrite, 32);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, Offset, 36);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, pHead, 40);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, HeadLength, 48);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, pTail, 56);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, TailLength, 64);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_TF_INFO, dwFlags, 68);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_SEND_HEADER_EX_INFO, 32);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_SEND_HEADER_EX_INFO, cchStatus, 16);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_SEND_HEADER_EX_INFO, cchHeader, 20);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_SEND_HEADER_EX_INFO, fKeepConn, 24);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_EXEC_URL_INFO, 48);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_EXEC_URL_INFO, dwExecUrlFlags, 40);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_VECTOR_ELEMENT, 32);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_VECTOR_ELEMENT, pvContext, 8);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_VECTOR_ELEMENT, cbOffset, 16);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_VECTOR_ELEMENT, cbSize, 24);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_RESPONSE_VECTOR, 40);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_RESPONSE_VECTOR, pszStatus, 8);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_RESPONSE_VECTOR, nElementCount, 24);
ISAPI_BRIDGE_EXT_CHECK_OFFSET(HSE_RESPONSE_VECTOR, lpElementArray, 32);
#elif UINTPTR_MAX == 0xffffffffu /* ILP32 */
ISAPI_BRIDGE_EXT_CHECK_SIZE(EXTENSION_CONTROL_BLOCK, 144);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_TF_INFO, 44);
ISAPI_BRIDGE_EXT_CHECK_SIZE(HSE_SEND_HEADER_EX_INFO, 20);
#else
#error "isapi-bridge httpext.h: unsupported pointer size"
#endif

#ifdef __cplusplus
}
#endif

#endif /* _HTTPEXT_H_ */
