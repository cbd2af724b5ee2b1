/*
 * httpfilt.h for ISAPI filters recompiled on Linux with isapi-bridge.
 *
 * The ISAPI filter interface with the exact binary layout of the Windows header: same names, same
 * values, same field order. DWORD is uint32_t and ULONG_PTR is pointer-sized (see windows.h), so
 * the structures have the Windows x64 layout on LP64 Linux (x86-64, arm64); the offsets are
 * checked below at compile time.
 *
 * A filter exports GetFilterVersion and HttpFilterProc (TerminateFilter is optional); the
 * prototypes at the end give them default visibility, so they are exported even when the filter
 * is compiled with -fvisibility=hidden.
 */
#ifndef _HTTPFILT_H_
#define _HTTPFILT_H_

#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Revision and sizes ---------------------------------------------------------------------- */

/* isapi-bridge reports MAKELONG(0, 10) in dwServerFilterVersion (the Windows 10 SDK revision). */
#define HTTP_FILTER_MAJOR 10
#define HTTP_FILTER_MINOR 0
#define HTTP_FILTER_REVISION MAKELONG(HTTP_FILTER_MINOR, HTTP_FILTER_MAJOR)

#define SF_MAX_USERNAME (256 + 1)
#define SF_MAX_PASSWORD (256 + 1)
#define SF_MAX_AUTH_TYPE (32 + 1)
#define SF_MAX_FILTER_DESC_LEN (256 + 1)

/* ---- ServerSupportFunction requests ------------------------------------------------------------ */

typedef enum SF_REQ_TYPE {
    SF_REQ_SEND_RESPONSE_HEADER,  /* 0 */
    SF_REQ_ADD_HEADERS_ON_DENIAL, /* 1 */
    SF_REQ_SET_NEXT_READ_SIZE,    /* 2 */
    SF_REQ_SET_PROXY_INFO,        /* 3 */
    SF_REQ_GET_CONNID,            /* 4 */
    SF_REQ_SET_CERTIFICATE_INFO,  /* 5 */
    SF_REQ_GET_PROPERTY,          /* 6 */
    SF_REQ_NORMALIZE_URL,         /* 7 */
    SF_REQ_DISABLE_NOTIFICATIONS  /* 8 */
} SF_REQ_TYPE;

typedef enum SF_PROPERTY_IIS {
    SF_PROPERTY_SSL_CTXT,       /* 0 */
    SF_PROPERTY_INSTANCE_NUM_ID /* 1 */
} SF_PROPERTY_IIS;

/* ---- HttpFilterProc return values (0x8000000 has seven zeros: 0x08000000) ---------------------- */

typedef enum SF_STATUS_TYPE {
    SF_STATUS_REQ_FINISHED = 0x8000000,
    SF_STATUS_REQ_FINISHED_KEEP_CONN,     /* 0x08000001 */
    SF_STATUS_REQ_NEXT_NOTIFICATION,      /* 0x08000002 */
    SF_STATUS_REQ_HANDLED_NOTIFICATION,   /* 0x08000003 */
    SF_STATUS_REQ_ERROR,                  /* 0x08000004 */
    SF_STATUS_REQ_READ_NEXT               /* 0x08000005 */
} SF_STATUS_TYPE;

/* ---- HTTP_FILTER_VERSION.dwFlags: notifications, ports, order --------------------------------- */

#define SF_NOTIFY_SECURE_PORT 0x00000001
#define SF_NOTIFY_NONSECURE_PORT 0x00000002
#define SF_NOTIFY_READ_RAW_DATA 0x00008000
#define SF_NOTIFY_PREPROC_HEADERS 0x00004000
#define SF_NOTIFY_AUTHENTICATION 0x00002000
#define SF_NOTIFY_URL_MAP 0x00001000
#define SF_NOTIFY_ACCESS_DENIED 0x00000800
#define SF_NOTIFY_SEND_RESPONSE 0x00000040
#define SF_NOTIFY_SEND_RAW_DATA 0x00000400
#define SF_NOTIFY_LOG 0x00000200
#define SF_NOTIFY_END_OF_REQUEST 0x00000080
#define SF_NOTIFY_END_OF_NET_SESSION 0x00000100
#define SF_NOTIFY_AUTH_COMPLETE 0x04000000

#define SF_NOTIFY_ORDER_HIGH 0x00080000
#define SF_NOTIFY_ORDER_MEDIUM 0x00040000
#define SF_NOTIFY_ORDER_LOW 0x00020000
#define SF_NOTIFY_ORDER_DEFAULT SF_NOTIFY_ORDER_LOW
#define SF_NOTIFY_ORDER_MASK (SF_NOTIFY_ORDER_HIGH | SF_NOTIFY_ORDER_MEDIUM | SF_NOTIFY_ORDER_LOW)

/* ---- HTTP_FILTER_ACCESS_DENIED.dwReason -------------------------------------------------------- */

#define SF_DENIED_LOGON 0x00000001
#define SF_DENIED_RESOURCE 0x00000002
#define SF_DENIED_FILTER 0x00000004
#define SF_DENIED_APPLICATION 0x00000008
#define SF_DENIED_BY_CONFIG 0x00010000

/* ---- HTTP_FILTER_URL_MAP_EX.dwFlags: the AccessPerm flags of httpext.h ------------------------- */

#ifndef HSE_URL_FLAGS_READ
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
#endif

/* ---- HTTP_FILTER_CONTEXT: one per (connection, filter) ----------------------------------------- */

typedef struct _HTTP_FILTER_CONTEXT {
    DWORD cbSize;        /* IN: sizeof(HTTP_FILTER_CONTEXT) */
    DWORD Revision;      /* IN: the server's filter revision */
    PVOID ServerContext; /* host-private */
    DWORD ulReserved;    /* host-private */
    BOOL fIsSecurePort;  /* TRUE on TLS connections */
    PVOID pFilterContext; /* the filter's own, per connection; NULL at connection start */

    BOOL (WINAPI *GetServerVariable)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszVariableName,
                                     LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *AddResponseHeaders)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszHeaders, DWORD dwReserved);
    BOOL (WINAPI *WriteClient)(struct _HTTP_FILTER_CONTEXT *pfc, LPVOID Buffer, LPDWORD lpdwBytes,
                               DWORD dwReserved);
    VOID *(WINAPI *AllocMem)(struct _HTTP_FILTER_CONTEXT *pfc, DWORD cbSize, DWORD dwReserved);
    /* ul1 and ul2 are pointer-sized: SF_REQ_SEND_RESPONSE_HEADER passes a char * in ul1. */
    BOOL (WINAPI *ServerSupportFunction)(struct _HTTP_FILTER_CONTEXT *pfc, enum SF_REQ_TYPE sfReq,
                                         PVOID pData, ULONG_PTR ul1, ULONG_PTR ul2);
} HTTP_FILTER_CONTEXT, *PHTTP_FILTER_CONTEXT;

/* ---- Notification structures ------------------------------------------------------------------- */

/* READ_RAW_DATA and SEND_RAW_DATA. */
typedef struct _HTTP_FILTER_RAW_DATA {
    PVOID pvInData;   /* the bytes; may be pointed at a buffer of the filter's */
    DWORD cbInData;   /* valid bytes */
    DWORD cbInBuffer; /* size of the buffer */
    DWORD dwReserved;
} HTTP_FILTER_RAW_DATA, *PHTTP_FILTER_RAW_DATA;

/* PREPROC_HEADERS; the same layout serves SEND_RESPONSE. Header names carry their trailing colon
 * ("Content-Type:"); the pseudo-names "method", "url", "version" and (SEND_RESPONSE) "status" do not. */
typedef struct _HTTP_FILTER_PREPROC_HEADERS {
    BOOL (WINAPI *GetHeader)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName, LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *SetHeader)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName, LPSTR lpszValue);
    BOOL (WINAPI *AddHeader)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName, LPSTR lpszValue);
    DWORD HttpStatus;
    DWORD dwReserved;
} HTTP_FILTER_PREPROC_HEADERS, *PHTTP_FILTER_PREPROC_HEADERS;

typedef HTTP_FILTER_PREPROC_HEADERS HTTP_FILTER_SEND_RESPONSE;
typedef HTTP_FILTER_PREPROC_HEADERS *PHTTP_FILTER_SEND_RESPONSE;

/* AUTHENTICATION: the buffers hold at least SF_MAX_USERNAME / SF_MAX_PASSWORD bytes. */
typedef struct _HTTP_FILTER_AUTHENT {
    CHAR *pszUser;
    DWORD cbUserBuff;
    CHAR *pszPassword;
    DWORD cbPasswordBuff;
} HTTP_FILTER_AUTHENT, *PHTTP_FILTER_AUTHENT;

/* URL_MAP: the physical path may be rewritten in place, up to cbPathBuff bytes. */
typedef struct _HTTP_FILTER_URL_MAP {
    const CHAR *pszURL;
    CHAR *pszPhysicalPath;
    DWORD cbPathBuff;
} HTTP_FILTER_URL_MAP, *PHTTP_FILTER_URL_MAP;

/* What the host passes for URL_MAP: the same first three fields, then informational ones. */
typedef struct _HTTP_FILTER_URL_MAP_EX {
    const CHAR *pszURL;
    CHAR *pszPhysicalPath;
    DWORD cbPathBuff;
    DWORD dwFlags;          /* HSE_URL_FLAGS_* */
    DWORD cchMatchingPath;
    DWORD cchMatchingURL;
    const CHAR *pszScriptMapEntry; /* NULL when no script map applies */
} HTTP_FILTER_URL_MAP_EX, *PHTTP_FILTER_URL_MAP_EX;

/* ACCESS_DENIED. */
typedef struct _HTTP_FILTER_ACCESS_DENIED {
    const CHAR *pszURL;
    const CHAR *pszPhysicalPath;
    DWORD dwReason; /* SF_DENIED_* */
} HTTP_FILTER_ACCESS_DENIED, *PHTTP_FILTER_ACCESS_DENIED;

/* LOG: the strings must not be modified, but the pointers may be replaced (AllocMem memory). */
typedef struct _HTTP_FILTER_LOG {
    const CHAR *pszClientHostName;
    const CHAR *pszClientUserName;
    const CHAR *pszServerName;
    const CHAR *pszOperation;
    const CHAR *pszTarget;
    const CHAR *pszParameters;
    DWORD dwHttpStatus;
    DWORD dwWin32Status;
    DWORD dwBytesSent;
    DWORD dwBytesRecvd;
    DWORD msTimeForProcessing;
} HTTP_FILTER_LOG, *PHTTP_FILTER_LOG;

/* AUTH_COMPLETE. */
typedef struct _HTTP_FILTER_AUTH_COMPLETE_INFO {
    BOOL (WINAPI *GetHeader)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName, LPVOID lpvBuffer, LPDWORD lpdwSize);
    BOOL (WINAPI *SetHeader)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName, LPSTR lpszValue);
    BOOL (WINAPI *AddHeader)(struct _HTTP_FILTER_CONTEXT *pfc, LPSTR lpszName, LPSTR lpszValue);
    BOOL (WINAPI *GetUserToken)(struct _HTTP_FILTER_CONTEXT *pfc, HANDLE *phToken);
    DWORD HttpStatus;
    BOOL fResetAuth;
    DWORD dwReserved;
} HTTP_FILTER_AUTH_COMPLETE_INFO, *PHTTP_FILTER_AUTH_COMPLETE_INFO;

/* GetFilterVersion: lpszFilterDesc is an inline array, not a pointer. */
typedef struct _HTTP_FILTER_VERSION {
    DWORD dwServerFilterVersion;
    DWORD dwFilterVersion;
    CHAR lpszFilterDesc[SF_MAX_FILTER_DESC_LEN];
    DWORD dwFlags;
} HTTP_FILTER_VERSION, *PHTTP_FILTER_VERSION;

/* ---- Entry points a filter exports ------------------------------------------------------------- */

__attribute__((visibility("default"))) BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer);
__attribute__((visibility("default"))) DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD NotificationType,
                                                                  VOID *pvNotification);
__attribute__((visibility("default"))) BOOL WINAPI TerminateFilter(DWORD dwFlags);

/* ---- Layout checks ----------------------------------------------------------------------------- */

#define ISAPI_BRIDGE_CHECK_OFFSET(type, field, offset) \
    ISAPI_BRIDGE_STATIC_ASSERT(offsetof(type, field) == (offset), #type "." #field " is at offset " #offset)
#define ISAPI_BRIDGE_CHECK_SIZE(type, size) \
    ISAPI_BRIDGE_STATIC_ASSERT(sizeof(type) == (size), "sizeof(" #type ") is " #size)

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_VERSION, 272);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_VERSION, dwFilterVersion, 4);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_VERSION, lpszFilterDesc, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_VERSION, dwFlags, 268);
ISAPI_BRIDGE_STATIC_ASSERT(sizeof(enum SF_REQ_TYPE) == 4, "enum SF_REQ_TYPE is int-sized");
ISAPI_BRIDGE_STATIC_ASSERT(SF_STATUS_REQ_READ_NEXT == 0x08000005, "SF_STATUS_TYPE values");

#if UINTPTR_MAX == 0xffffffffffffffffu /* LP64: x86-64 and arm64 Linux */
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_CONTEXT, 72);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, Revision, 4);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, ServerContext, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, ulReserved, 16);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, fIsSecurePort, 20);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, pFilterContext, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, GetServerVariable, 32);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, AddResponseHeaders, 40);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, WriteClient, 48);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, AllocMem, 56);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, ServerSupportFunction, 64);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_RAW_DATA, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_RAW_DATA, cbInData, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_RAW_DATA, cbInBuffer, 12);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_RAW_DATA, dwReserved, 16);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_PREPROC_HEADERS, 32);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_PREPROC_HEADERS, SetHeader, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_PREPROC_HEADERS, AddHeader, 16);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_PREPROC_HEADERS, HttpStatus, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_PREPROC_HEADERS, dwReserved, 28);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_AUTHENT, 32);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_AUTHENT, cbUserBuff, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_AUTHENT, pszPassword, 16);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_AUTHENT, cbPasswordBuff, 24);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_URL_MAP, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_URL_MAP, pszPhysicalPath, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_URL_MAP, cbPathBuff, 16);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_URL_MAP_EX, 40);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_URL_MAP_EX, cbPathBuff, 16);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_URL_MAP_EX, dwFlags, 20);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_URL_MAP_EX, cchMatchingPath, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_URL_MAP_EX, cchMatchingURL, 28);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_URL_MAP_EX, pszScriptMapEntry, 32);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_ACCESS_DENIED, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_ACCESS_DENIED, pszPhysicalPath, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_ACCESS_DENIED, dwReason, 16);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_LOG, 72);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, pszClientUserName, 8);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, pszServerName, 16);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, pszOperation, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, pszTarget, 32);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, pszParameters, 40);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, dwHttpStatus, 48);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, dwWin32Status, 52);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, dwBytesSent, 56);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, dwBytesRecvd, 60);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_LOG, msTimeForProcessing, 64);

ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_AUTH_COMPLETE_INFO, 48);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_AUTH_COMPLETE_INFO, GetUserToken, 24);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_AUTH_COMPLETE_INFO, HttpStatus, 32);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_AUTH_COMPLETE_INFO, fResetAuth, 36);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_AUTH_COMPLETE_INFO, dwReserved, 40);
#elif UINTPTR_MAX == 0xffffffffu /* ILP32 */
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_CONTEXT, 44);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, pFilterContext, 20);
ISAPI_BRIDGE_CHECK_OFFSET(HTTP_FILTER_CONTEXT, ServerSupportFunction, 40);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_RAW_DATA, 16);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_PREPROC_HEADERS, 20);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_AUTHENT, 16);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_URL_MAP, 12);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_URL_MAP_EX, 28);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_ACCESS_DENIED, 12);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_LOG, 44);
ISAPI_BRIDGE_CHECK_SIZE(HTTP_FILTER_AUTH_COMPLETE_INFO, 28);
#else
#error "isapi-bridge httpfilt.h: unsupported pointer size"
#endif

#ifdef __cplusplus
}
#endif

#endif /* _HTTPFILT_H_ */
