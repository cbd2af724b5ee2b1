/* Subscribes to SF_NOTIFY_READ_RAW_DATA (refused where raw data is disabled, and for site filters). */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_ORDER_LOW;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)pfc; (void)NotificationType; (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
