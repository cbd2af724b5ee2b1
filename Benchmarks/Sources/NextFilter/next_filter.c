/* The benchmarked C filter: subscribes to every notification (READ_RAW_DATA included) and returns NEXT. */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_ORDER_LOW | SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_AUTH_COMPLETE | SF_NOTIFY_URL_MAP | SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_LOG
                  | SF_NOTIFY_END_OF_REQUEST | SF_NOTIFY_END_OF_NET_SESSION;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)pfc; (void)NotificationType; (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
