/* isapi-bridge: httptrace.h, the IIS tracing structures (HTTP_TRACE_EVENT and its items) that
 * IGlobalTraceEventProvider::GetTraceEvent and IHttpTraceContext use. The host raises no trace events
 * (GL_TRACE_EVENT is never raised, GetTraceContext is NULL); the types exist so modules that handle
 * them compile. httpserv.h includes this header, as the SDK's does. */
#ifndef ISAPI_BRIDGE_HTTPTRACE_H
#define ISAPI_BRIDGE_HTTPTRACE_H
#include <windows.h>

typedef enum HTTP_TRACE_TYPE {
    HTTP_TRACE_TYPE_BYTE = 17,
    HTTP_TRACE_TYPE_USHORT = 18,
    HTTP_TRACE_TYPE_ULONG = 19,
    HTTP_TRACE_TYPE_ULONGLONG = 21,
    HTTP_TRACE_TYPE_CHAR = 16,
    HTTP_TRACE_TYPE_SHORT = 2,
    HTTP_TRACE_TYPE_LONG = 3,
    HTTP_TRACE_TYPE_LONGLONG = 20,
    HTTP_TRACE_TYPE_LPCWSTR = 31,
    HTTP_TRACE_TYPE_LPCSTR = 30,
    HTTP_TRACE_TYPE_LPCGUID = 72,
    HTTP_TRACE_TYPE_BOOL = 11
} HTTP_TRACE_TYPE;

typedef struct _HTTP_TRACE_EVENT_ITEM {
    LPCWSTR pszName;
    HTTP_TRACE_TYPE dwDataType;
    PBYTE pbData;
    DWORD cbData;
    LPCWSTR pszDataDescription;
} HTTP_TRACE_EVENT_ITEM, *PHTTP_TRACE_EVENT_ITEM;

typedef struct _HTTP_TRACE_EVENT {
    LPCGUID pProviderGuid;
    DWORD dwArea;
    LPCGUID pAreaGuid;
    DWORD dwEvent;
    LPCWSTR pszEventName;
    DWORD dwEventVersion;
    DWORD dwVerbosity;
    LPCGUID pActivityGuid;
    LPCGUID pRelatedActivityGuid;
    DWORD dwTimeStamp;
    DWORD dwFlags;
    DWORD cEventItems;
    HTTP_TRACE_EVENT_ITEM *pEventItems;
} HTTP_TRACE_EVENT, *PHTTP_TRACE_EVENT;

#endif /* ISAPI_BRIDGE_HTTPTRACE_H */
