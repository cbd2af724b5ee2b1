/* Reports what a filter sees of two things IIS code relies on: AllocMem blocks start zeroed (the
 * block is dirtied afterwards, so a reused block would show), and APPL_PHYSICAL_PATH is absolute
 * with a trailing separator. Response headers X-Nonzero-Bytes and X-Appl-Physical-Path. */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *version) {
    version->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy_s(version->lpszFilterDesc, SF_MAX_FILTER_DESC_LEN, "memory probe");
    version->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *context, DWORD notification, LPVOID payload) {
    (void)payload;
    if (notification != SF_NOTIFY_PREPROC_HEADERS) return SF_STATUS_REQ_NEXT_NOTIFICATION;
    char header[600];
    for (DWORD size = 24; size <= 4096; size *= 4) {
        unsigned char *block = (unsigned char *)context->AllocMem(context, size, 0);
        if (!block) return SF_STATUS_REQ_ERROR;
        int nonzero = 0;
        for (DWORD index = 0; index < size; index++) nonzero += block[index] != 0;
        memset(block, 0xA5, size);
        sprintf_s(header, sizeof header, "X-Nonzero-Bytes: %d\r\n", nonzero);
        context->AddResponseHeaders(context, header, 0);
    }
    char path[512];
    DWORD length = sizeof path;
    if (!context->GetServerVariable(context, "APPL_PHYSICAL_PATH", path, &length)) return SF_STATUS_REQ_ERROR;
    sprintf_s(header, sizeof header, "X-Appl-Physical-Path: %s\r\n", path);
    context->AddResponseHeaders(context, header, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
