/* Writes 8 bytes past a 16-byte AllocMem block: the server must report it, naming this filter,
 * when the connection ends. */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_ORDER_LOW;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)NotificationType; (void)pvNotification;
    if (pfc->pFilterContext == NULL) {
        BYTE *pBlock = (BYTE *)pfc->AllocMem(pfc, 16, 0);
        if (pBlock != NULL) {
            FillMemory(pBlock, 16 + 8, 'A');
        }
        pfc->pFilterContext = pBlock;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
