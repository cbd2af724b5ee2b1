/* GetFilterVersion declines without an error: the filter is skipped, the site runs. */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    (void)pVer;
    SetLastError(ERROR_SUCCESS);
    return FALSE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)pfc; (void)NotificationType; (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
