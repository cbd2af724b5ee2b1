/* Uses a kernel32 function isapi-bridge does not provide: dlopen (RTLD_NOW) must fail cleanly. */
#include <windows.h>
#include <httpfilt.h>

DWORD WINAPI GetGuiResources(HANDLE process, DWORD flags);

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS;
    return GetGuiResources(NULL, 0) != 0;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)pfc; (void)NotificationType; (void)pvNotification;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
