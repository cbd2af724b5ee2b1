/* A C filter whose TerminateFilter appends "TerminateFilter" to $ISAPI_BRIDGE_TERMINATE_MARKER:
   proof that a graceful shutdown terminated it. It adds X-Marker-Filter: loaded to responses. */
#include <windows.h>
#include <httpfilt.h>
#include <stdio.h>
#include <stdlib.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "terminate marker (test)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)pvNotification;
    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS)
        pfc->AddResponseHeaders(pfc, "X-Marker-Filter: loaded\r\n", 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    (void)dwFlags;
    const char *path = getenv("ISAPI_BRIDGE_TERMINATE_MARKER");
    if (path != NULL) {
        FILE *file = fopen(path, "a");
        if (file != NULL) {
            fputs("TerminateFilter\n", file);
            fclose(file);
        }
    }
    return TRUE;
}
