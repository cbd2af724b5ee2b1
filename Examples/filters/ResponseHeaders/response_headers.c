/*
 * ResponseHeaders: adds security headers to every response.
 *
 * Shows the two ways a filter adds response headers:
 *   - AddResponseHeaders (on HTTP_FILTER_CONTEXT): queue "Name: value\r\n" lines from any
 *     notification *before* SF_NOTIFY_SEND_RESPONSE; the server adds them when it sends;
 *   - AddHeader / GetHeader (on HTTP_FILTER_SEND_RESPONSE): edit the response headers while they
 *     are about to go out. AddResponseHeaders no longer works there (ERROR_NOT_SUPPORTED).
 * and reading a server variable with a fixed buffer (GetServerVariable).
 *
 * Build:  cc -shared -fPIC $(isapi-bridge cflags) response_headers.c -o response_headers.so
 * Try:    isapi-bridge serve --filter ./response_headers.so
 *         curl -sI http://127.0.0.1:8080/
 */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Security response headers (isapi-bridge example)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_MEDIUM
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_SEND_RESPONSE;
    return TRUE;
}

/* Adds "Name: value" unless the response already has that header (SEND_RESPONSE can be raised
 * more than once for a request, and a module may have set the header already). */
static void AddIfMissing(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_SEND_RESPONSE pResponse, LPSTR pszName, LPSTR pszValue)
{
    CHAR szExisting[256];
    DWORD cbExisting = sizeof(szExisting);

    if (pResponse->GetHeader(pfc, pszName, szExisting, &cbExisting)) {
        return;                                     /* present */
    }
    if (GetLastError() == ERROR_INVALID_INDEX) {    /* absent: add it */
        pResponse->AddHeader(pfc, pszName, pszValue);
    }
    /* ERROR_INSUFFICIENT_BUFFER means it is there (and long): leave it alone. */
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS: {
        CHAR szSecure[8];
        DWORD cbSecure = sizeof(szSecure);

        /* Queued now, added when the response is sent. */
        pfc->AddResponseHeaders(pfc, "X-Filtered-By: ResponseHeadersFilter\r\n", 0);

        /* HSTS only makes sense over TLS. */
        if (pfc->GetServerVariable(pfc, "SERVER_PORT_SECURE", szSecure, &cbSecure) && lstrcmpA(szSecure, "1") == 0) {
            pfc->AddResponseHeaders(pfc, "Strict-Transport-Security: max-age=31536000\r\n", 0);
        }
        break;
    }

    case SF_NOTIFY_SEND_RESPONSE: {
        PHTTP_FILTER_SEND_RESPONSE pResponse = (PHTTP_FILTER_SEND_RESPONSE)pvNotification;

        AddIfMissing(pfc, pResponse, "X-Content-Type-Options:", "nosniff");
        AddIfMissing(pfc, pResponse, "X-Frame-Options:", "SAMEORIGIN");
        AddIfMissing(pfc, pResponse, "Referrer-Policy:", "no-referrer");
        break;
    }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
