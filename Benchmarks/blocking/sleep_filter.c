/* Benchmarks/blocking: an ISAPI filter that blocks for 200 ms in SF_NOTIFY_PREPROC_HEADERS when
 * the URL starts with /sleep (an LDAP bind, a database query), and does nothing otherwise. */
#include <windows.h>
#include <httpfilt.h>
#include <time.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *version) {
    version->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy_s(version->lpszFilterDesc, SF_MAX_FILTER_DESC_LEN, "sleeps on /sleep");
    version->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *context, DWORD notification, LPVOID payload) {
    if (notification != SF_NOTIFY_PREPROC_HEADERS) return SF_STATUS_REQ_NEXT_NOTIFICATION;
    HTTP_FILTER_PREPROC_HEADERS *headers = (HTTP_FILTER_PREPROC_HEADERS *)payload;
    char url[256];
    DWORD length = sizeof url;
    if (headers->GetHeader(context, "url", url, &length) && strncmp(url, "/sleep", 6) == 0) {
        struct timespec pause = { 0, 200 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
