/* GetFilterVersion fails with a last error, as a filter does when its configuration is missing. */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    (void)pVer;
    SetLastError(ERROR_ACCESS_DENIED);
    return FALSE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)pfc; (void)NotificationType; (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
