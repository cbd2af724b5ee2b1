/* A C filter with the bugs a worker process must survive, by URL, in SF_NOTIFY_PREPROC_HEADERS:
   /crash dereferences NULL; /spin never returns. Any other URL passes, with X-Worker-Pid: the
   process that served it (so a test knows which worker holds a connection). */
#include <windows.h>
#include <httpfilt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "faulty filter (test)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS) return SF_STATUS_REQ_NEXT_NOTIFICATION;
    PHTTP_FILTER_PREPROC_HEADERS headers = (PHTTP_FILTER_PREPROC_HEADERS)pvNotification;
    char url[512];
    DWORD size = sizeof url;
    if (!headers->GetHeader(pfc, "url", url, &size)) return SF_STATUS_REQ_NEXT_NOTIFICATION;
    if (strncmp(url, "/crash", 6) == 0) {
        volatile int *nowhere = NULL;
        *nowhere = 1;
    }
    if (strncmp(url, "/spin", 5) == 0) {
        for (volatile unsigned long turns = 0;; turns++) {}
    }
    char header[64];
    snprintf(header, sizeof header, "X-Worker-Pid: %d\r\n", (int)getpid());
    pfc->AddResponseHeaders(pfc, header, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
