/*
 * RequestCounter: counts the requests on each client connection and reports the count in an
 * X-Request-Count response header (1, 2, 3... on one keep-alive connection; 1 again on a new one).
 *
 * Shows the per-connection state pattern of ISAPI filters:
 *   - pFilterContext is this filter's slot for the connection: NULL when the connection opens,
 *     kept across its requests;
 *   - AllocMem gives memory that lives as long as the connection (the server frees it after
 *     SF_NOTIFY_END_OF_NET_SESSION; there is no free function);
 *   - SF_NOTIFY_SEND_RESPONSE's SetHeader edits the response headers.
 *
 * Build:  cc -shared -fPIC $(isapi-bridge cflags) request_counter.c -o request_counter.so
 * Try:    isapi-bridge serve --filter ./request_counter.so
 *         curl -sv http://127.0.0.1:8080/ http://127.0.0.1:8080/ 2>&1 | grep X-Request-Count
 */
#include <windows.h>
#include <httpfilt.h>

typedef struct _CONNECTION_STATE {
    DWORD dwRequests;
} CONNECTION_STATE;

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Per-connection request counter (isapi-bridge example)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_END_OF_NET_SESSION;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    CONNECTION_STATE *pState = (CONNECTION_STATE *)pfc->pFilterContext;

    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        if (pState == NULL) {
            /* First request on this connection. */
            pState = (CONNECTION_STATE *)pfc->AllocMem(pfc, sizeof(CONNECTION_STATE), 0);
            if (pState == NULL) {
                return SF_STATUS_REQ_ERROR;   /* AllocMem set ERROR_NOT_ENOUGH_MEMORY */
            }
            ZeroMemory(pState, sizeof(CONNECTION_STATE));
            pfc->pFilterContext = pState;
        }
        pState->dwRequests++;
        break;

    case SF_NOTIFY_SEND_RESPONSE: {
        PHTTP_FILTER_SEND_RESPONSE pResponse = (PHTTP_FILTER_SEND_RESPONSE)pvNotification;
        CHAR szCount[16];
        if (pState == NULL) {
            break;
        }
        wsprintfA(szCount, "%lu", (unsigned long)pState->dwRequests);
        /* SetHeader, not AddHeader: SEND_RESPONSE may be raised more than once per request. */
        pResponse->SetHeader(pfc, "X-Request-Count:", szCount);
        break;
    }

    case SF_NOTIFY_END_OF_NET_SESSION:
        /* The server frees AllocMem memory after this notification: just drop the pointer. */
        pfc->pFilterContext = NULL;
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
