/*
 * Exercises every notification's payload and the SF_REQ codes the examples do not use, driven by
 * the request URL, and reports what it saw in response headers:
 *   X-Probe-Trace       the notifications of this request so far (in order)
 *   X-Probe-Instance    SF_REQ_GET_PROPERTY / SF_PROPERTY_INSTANCE_NUM_ID
 *   X-Probe-Normalized  SF_REQ_NORMALIZE_URL of "/a/./b/../c%20d"
 *   X-Probe-Unicode     GetServerVariable("UNICODE_REQUEST_METHOD") as hex bytes
 *   X-Probe-Status      GetHeader("status") and HttpStatus in SEND_RESPONSE
 *   X-Probe-Requests    requests seen on this connection (pFilterContext)
 * URLs:  /rewrite -> PREPROC sets url to /rewritten?from=probe
 *        /quiet   -> SF_REQ_DISABLE_NOTIFICATIONS(SEND_RESPONSE) for this request
 *        /fail    -> SF_STATUS_REQ_ERROR with ERROR_FILE_NOT_FOUND
 *        /handled -> HANDLED_NOTIFICATION from PREPROC (later filters skip it)
 *        user "mapme" (AUTHENTICATION) -> pszUser pointed at AllocMem "mapped-user"; password
 *        rewritten in place to "x"
 *        a physical path ending in "secret.txt" (URL_MAP) -> rewritten in place to "public.txt"
 * LOG:   pszTarget replaced with "/logged-by-probe", dwWin32Status set to 42.
 * ProbeSessionsEnded() counts END_OF_NET_SESSION notifications and ProbeTerminations() calls of
 * TerminateFilter (read by the tests via dlsym).
 */
#include <windows.h>
#include <httpfilt.h>

typedef struct _PROBE_STATE {
    DWORD dwRequests;
    CHAR szTrace[512];
} PROBE_STATE;

static LONG g_lSessionsEnded;
static LONG g_lTerminations;

__declspec(dllexport) LONG ProbeSessionsEnded(void) { return InterlockedExchangeAdd(&g_lSessionsEnded, 0); }
__declspec(dllexport) LONG ProbeTerminations(void) { return InterlockedExchangeAdd(&g_lTerminations, 0); }

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    if (dwFlags == 0) InterlockedIncrement(&g_lTerminations);
    return TRUE;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    if (pVer->dwServerFilterVersion != HTTP_FILTER_REVISION) {
        SetLastError(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Probe: every notification", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_MEDIUM | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_AUTH_COMPLETE | SF_NOTIFY_URL_MAP | SF_NOTIFY_ACCESS_DENIED | SF_NOTIFY_SEND_RESPONSE
                  | SF_NOTIFY_LOG | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_END_OF_NET_SESSION;
    return TRUE;
}

static void Trace(PROBE_STATE *pState, LPCSTR pszWhat)
{
    if (pState == NULL) return;
    if (pState->szTrace[0] != '\0') strncat(pState->szTrace, ",", sizeof(pState->szTrace) - strlen(pState->szTrace) - 1);
    strncat(pState->szTrace, pszWhat, sizeof(pState->szTrace) - strlen(pState->szTrace) - 1);
}

static DWORD OnPreprocHeaders(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_PREPROC_HEADERS pHeaders, PROBE_STATE *pState)
{
    CHAR szUrl[256];
    DWORD cbUrl = sizeof(szUrl);

    if (!pHeaders->GetHeader(pfc, "url", szUrl, &cbUrl)) return SF_STATUS_REQ_ERROR;
    if (lstrcmpA(szUrl, "/rewrite") == 0) {
        if (!pHeaders->SetHeader(pfc, "url", "/rewritten?from=probe")) return SF_STATUS_REQ_ERROR;
    } else if (lstrcmpA(szUrl, "/quiet") == 0) {
        pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS, NULL, SF_NOTIFY_SEND_RESPONSE, 0);
    } else if (lstrcmpA(szUrl, "/fail") == 0) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return SF_STATUS_REQ_ERROR;
    } else if (lstrcmpA(szUrl, "/handled") == 0) {
        return SF_STATUS_REQ_HANDLED_NOTIFICATION;
    }
    (void)pState;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static void OnAuthentication(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_AUTHENT pAuth)
{
    if (lstrcmpA(pAuth->pszUser, "mapme") == 0) {
        LPSTR pszMapped = (LPSTR)pfc->AllocMem(pfc, 32, 0);
        if (pszMapped != NULL) {
            lstrcpyA(pszMapped, "mapped-user");
            pAuth->pszUser = pszMapped;        /* pointer replaced */
        }
        lstrcpynA(pAuth->pszPassword, "x", (int)pAuth->cbPasswordBuff);   /* in place */
    }
}

static void OnUrlMap(PHTTP_FILTER_URL_MAP_EX pMap)
{
    LPSTR pszPath = pMap->pszPhysicalPath;
    size_t cbPath = strlen(pszPath);
    static const CHAR szSecret[] = "secret.txt";

    if (cbPath >= sizeof(szSecret) - 1 && lstrcmpA(pszPath + cbPath - (sizeof(szSecret) - 1), szSecret) == 0
        && pMap->cbPathBuff >= cbPath + 1 && (pMap->dwFlags & HSE_URL_FLAGS_READ)) {
        CopyMemory(pszPath + cbPath - (sizeof(szSecret) - 1), "public", 6);   /* same length */
    }
}

static void OnSendResponse(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_SEND_RESPONSE pResponse, PROBE_STATE *pState)
{
    CHAR szValue[128], szStatus[64], szUrl[] = "/a/./b/../c%20d";
    DWORD cbStatus = sizeof(szStatus), dwInstance = 0, cbUnicode = sizeof(szValue), i;
    BYTE abUnicode[32];

    pResponse->SetHeader(pfc, "X-Probe-Trace:", pState->szTrace);

    if (pfc->ServerSupportFunction(pfc, SF_REQ_GET_PROPERTY, &dwInstance, SF_PROPERTY_INSTANCE_NUM_ID, 0)) {
        wsprintfA(szValue, "%lu", (unsigned long)dwInstance);
        pResponse->SetHeader(pfc, "X-Probe-Instance:", szValue);
    }
    if (pfc->ServerSupportFunction(pfc, SF_REQ_NORMALIZE_URL, szUrl, 0, 0)) {
        pResponse->SetHeader(pfc, "X-Probe-Normalized:", szUrl);
    }
    cbUnicode = sizeof(abUnicode);
    if (pfc->GetServerVariable(pfc, "UNICODE_REQUEST_METHOD", abUnicode, &cbUnicode)) {
        szValue[0] = '\0';
        for (i = 0; i < cbUnicode; i++) wsprintfA(szValue + lstrlenA(szValue), "%02x", abUnicode[i]);
        pResponse->SetHeader(pfc, "X-Probe-Unicode:", szValue);
    }
    if (pResponse->GetHeader(pfc, "status", szStatus, &cbStatus)) {
        _snprintf(szValue, sizeof(szValue), "%s|%lu", szStatus, (unsigned long)pResponse->HttpStatus);
        pResponse->SetHeader(pfc, "X-Probe-Status:", szValue);
    }
    wsprintfA(szValue, "%lu", (unsigned long)pState->dwRequests);
    pResponse->SetHeader(pfc, "X-Probe-Requests:", szValue);
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    PROBE_STATE *pState = (PROBE_STATE *)pfc->pFilterContext;

    if (pState == NULL && NotificationType != SF_NOTIFY_END_OF_NET_SESSION) {
        pState = (PROBE_STATE *)pfc->AllocMem(pfc, sizeof(PROBE_STATE), 0);
        if (pState == NULL) return SF_STATUS_REQ_ERROR;
        ZeroMemory(pState, sizeof(PROBE_STATE));
        pfc->pFilterContext = pState;
    }
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        pState->dwRequests++;
        Trace(pState, "PREPROC_HEADERS");
        return OnPreprocHeaders(pfc, (PHTTP_FILTER_PREPROC_HEADERS)pvNotification, pState);
    case SF_NOTIFY_AUTHENTICATION:
        Trace(pState, "AUTHENTICATION");
        OnAuthentication(pfc, (PHTTP_FILTER_AUTHENT)pvNotification);
        break;
    case SF_NOTIFY_AUTH_COMPLETE:
        Trace(pState, ((PHTTP_FILTER_AUTH_COMPLETE_INFO)pvNotification)->GetUserToken ? "AUTH_COMPLETE" : "AUTH_COMPLETE?");
        break;
    case SF_NOTIFY_URL_MAP:
        Trace(pState, "URL_MAP");
        OnUrlMap((PHTTP_FILTER_URL_MAP_EX)pvNotification);
        break;
    case SF_NOTIFY_ACCESS_DENIED: {
        PHTTP_FILTER_ACCESS_DENIED pDenied = (PHTTP_FILTER_ACCESS_DENIED)pvNotification;
        CHAR szWhat[64];
        _snprintf(szWhat, sizeof(szWhat), "ACCESS_DENIED(%s,0x%lx)", pDenied->pszURL, (unsigned long)pDenied->dwReason);
        Trace(pState, szWhat);
        break;
    }
    case SF_NOTIFY_SEND_RESPONSE:
        Trace(pState, "SEND_RESPONSE");
        OnSendResponse(pfc, (PHTTP_FILTER_SEND_RESPONSE)pvNotification, pState);
        break;
    case SF_NOTIFY_LOG: {
        PHTTP_FILTER_LOG pLog = (PHTTP_FILTER_LOG)pvNotification;
        Trace(pState, "LOG");
        pLog->pszTarget = "/logged-by-probe";
        pLog->dwWin32Status = 42;
        break;
    }
    case SF_NOTIFY_END_OF_REQUEST:
        pState->szTrace[0] = '\0';
        break;
    case SF_NOTIFY_END_OF_NET_SESSION:
        InterlockedIncrement(&g_lSessionsEnded);
        pfc->pFilterContext = NULL;
        break;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
