/*
 * Redirect: answers some requests itself, before the site sees them.
 *
 *   /old/<rest>      -> 301 Moved Permanently, Location: /new/<rest>
 *   /admin/...       -> 403 Forbidden with a small text body
 *
 * Shows the classic "filter writes the response" pattern: SF_REQ_SEND_RESPONSE_HEADER for the
 * status line and headers, WriteClient for the body, then SF_STATUS_REQ_FINISHED_KEEP_CONN so the
 * server stops processing the request but keeps the connection open. The filter frames the body
 * itself (Content-Length), as on IIS. Also GetHeader("url") with the size-probe pattern: ask with
 * a small buffer, and on ERROR_INSUFFICIENT_BUFFER retry with the size the server reported.
 *
 * Build:  cc -shared -fPIC $(isapi-bridge cflags) redirect.c -o redirect.so
 * Try:    isapi-bridge serve --filter ./redirect.so
 *         curl -si http://127.0.0.1:8080/old/page.html
 */
#include <windows.h>
#include <httpfilt.h>

static const CHAR g_szOldPrefix[] = "/old/";
static const CHAR g_szNewPrefix[] = "/new/";
static const CHAR g_szDeniedPrefix[] = "/admin/";
static const CHAR g_szDeniedBody[] = "Forbidden: the /admin/ area is closed on this server.\r\n";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Redirect /old/ and deny /admin/ (isapi-bridge example)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_HIGH
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

/* The raw request URL; NULL if it cannot be read. Long URLs get AllocMem memory. */
static LPSTR GetUrl(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_PREPROC_HEADERS pHeaders, LPSTR pszSmall, DWORD cbSmall)
{
    DWORD cbUrl = cbSmall;
    LPSTR pszUrl;

    if (pHeaders->GetHeader(pfc, "url", pszSmall, &cbUrl)) {
        return pszSmall;
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
        return NULL;
    }
    /* cbUrl now holds the size needed, terminator included. */
    pszUrl = (LPSTR)pfc->AllocMem(pfc, cbUrl, 0);
    if (pszUrl == NULL || !pHeaders->GetHeader(pfc, "url", pszUrl, &cbUrl)) {
        return NULL;
    }
    return pszUrl;
}

static DWORD SendRedirect(PHTTP_FILTER_CONTEXT pfc, LPCSTR pszRest)
{
    CHAR szHeaders[MAX_PATH + 128];

    _snprintf(szHeaders, sizeof(szHeaders), "Location: %s%s\r\nContent-Length: 0\r\n\r\n", g_szNewPrefix, pszRest);
    if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER, (PVOID)"301 Moved Permanently",
                                    (ULONG_PTR)szHeaders, 0)) {
        return SF_STATUS_REQ_ERROR;
    }
    return SF_STATUS_REQ_FINISHED_KEEP_CONN;
}

static DWORD SendDenied(PHTTP_FILTER_CONTEXT pfc)
{
    CHAR szHeaders[128];
    DWORD cbBody = sizeof(g_szDeniedBody) - 1;

    wsprintfA(szHeaders, "Content-Type: text/plain\r\nContent-Length: %lu\r\n\r\n", (unsigned long)cbBody);
    if (!pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER, (PVOID)"403 Forbidden", (ULONG_PTR)szHeaders, 0)) {
        return SF_STATUS_REQ_ERROR;
    }
    if (!pfc->WriteClient(pfc, (LPVOID)g_szDeniedBody, &cbBody, 0)) {
        return SF_STATUS_REQ_FINISHED;   /* the client went away mid-response: close */
    }
    return SF_STATUS_REQ_FINISHED_KEEP_CONN;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    PHTTP_FILTER_PREPROC_HEADERS pHeaders = (PHTTP_FILTER_PREPROC_HEADERS)pvNotification;
    CHAR szUrl[128];
    LPSTR pszUrl;

    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    pszUrl = GetUrl(pfc, pHeaders, szUrl, sizeof(szUrl));
    if (pszUrl == NULL) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (_strnicmp(pszUrl, g_szOldPrefix, sizeof(g_szOldPrefix) - 1) == 0
        && lstrlenA(pszUrl) < MAX_PATH) {
        return SendRedirect(pfc, pszUrl + sizeof(g_szOldPrefix) - 1);
    }
    if (_strnicmp(pszUrl, g_szDeniedPrefix, sizeof(g_szDeniedPrefix) - 1) == 0) {
        return SendDenied(pfc);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
