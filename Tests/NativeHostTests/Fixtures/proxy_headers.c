/*
 * A filter in front of a reverse proxy, as an SSO or header filter guards an application behind
 * IIS with ARR:
 *   PREPROC_HEADERS  SetHeader("X-Sso-User:", "alice") on the request (the upstream must get it),
 *                    and removes "X-Spoofed:" the client sent.
 *   SEND_RESPONSE    GetHeader("X-Upstream:") of the response (the upstream's header) and answers
 *                    it back as "X-Filter-Saw:"; AddHeader("X-Guarded-By:", "proxy_headers").
 *   LOG              the status the log will record, in ProxyHeadersLastLoggedStatus().
 */
#include <windows.h>
#include <httpfilt.h>

static LONG g_lLastLoggedStatus;

__declspec(dllexport) LONG ProxyHeadersLastLoggedStatus(void) { return InterlockedExchangeAdd(&g_lLastLoggedStatus, 0); }

BOOL WINAPI GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Headers around a reverse proxy (isapi-bridge test)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_LOG;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD notificationType, LPVOID pvNotification)
{
    switch (notificationType) {
    case SF_NOTIFY_PREPROC_HEADERS: {
        PHTTP_FILTER_PREPROC_HEADERS pHeaders = (PHTTP_FILTER_PREPROC_HEADERS)pvNotification;
        pHeaders->SetHeader(pfc, "X-Sso-User:", "alice");
        pHeaders->SetHeader(pfc, "X-Spoofed:", "");
        break;
    }
    case SF_NOTIFY_SEND_RESPONSE: {
        PHTTP_FILTER_SEND_RESPONSE pResponse = (PHTTP_FILTER_SEND_RESPONSE)pvNotification;
        CHAR szValue[256];
        DWORD cbValue = sizeof(szValue);
        if (!pResponse->GetHeader(pfc, "X-Upstream:", szValue, &cbValue)) lstrcpynA(szValue, "(none)", sizeof(szValue));
        pResponse->AddHeader(pfc, "X-Filter-Saw:", szValue);
        pResponse->AddHeader(pfc, "X-Guarded-By:", "proxy_headers");
        break;
    }
    case SF_NOTIFY_LOG: {
        PHTTP_FILTER_LOG pLog = (PHTTP_FILTER_LOG)pvNotification;
        InterlockedExchange(&g_lLastLoggedStatus, (LONG)pLog->dwHttpStatus);
        break;
    }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
