/*
 * Nested calls into one filter: in PREPROC_HEADERS it sets a last error, then WriteClient raises
 * SEND_RAW_DATA for this same filter (a write from a non-raw notification passes through the
 * writer). The nested call must not see PREPROC's header functions, and must not clobber the outer
 * call's last error or header target:
 *   nested SEND_RAW_DATA: a GetHeader kept from PREPROC fails with ERROR_INVALID_PARAMETER -> "ok"
 *                         becomes "OK" in the bytes; it then sets last error 87 itself;
 *   back in PREPROC:      GetLastError() is still ERROR_ACCESS_DENIED and GetHeader("url") works,
 *                         so it returns SF_STATUS_REQ_ERROR with ERROR_ACCESS_DENIED; otherwise
 *                         ERROR_INVALID_DATA (13) or ERROR_NOT_SUPPORTED (50).
 */
#include <windows.h>
#include <httpfilt.h>

static __thread BOOL (WINAPI *g_pfnGetHeader)(PHTTP_FILTER_CONTEXT, LPSTR, LPVOID, LPDWORD);

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_ORDER_HIGH | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_SEND_RAW_DATA;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    CHAR szBuffer[64];
    DWORD cbBuffer = sizeof(szBuffer);

    if (NotificationType == SF_NOTIFY_PREPROC_HEADERS) {
        PHTTP_FILTER_PREPROC_HEADERS pHeaders = (PHTTP_FILTER_PREPROC_HEADERS)pvNotification;
        static const CHAR szResponse[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        DWORD cbResponse = sizeof(szResponse) - 1;

        g_pfnGetHeader = pHeaders->GetHeader;
        SetLastError(ERROR_ACCESS_DENIED);
        pfc->WriteClient(pfc, (LPVOID)szResponse, &cbResponse, 0);
        if (GetLastError() != ERROR_ACCESS_DENIED) {
            SetLastError(ERROR_INVALID_DATA);
            return SF_STATUS_REQ_ERROR;
        }
        if (!pHeaders->GetHeader(pfc, "url", szBuffer, &cbBuffer)) {
            SetLastError(ERROR_NOT_SUPPORTED);
            return SF_STATUS_REQ_ERROR;
        }
        SetLastError(ERROR_ACCESS_DENIED);
        return SF_STATUS_REQ_ERROR;
    }
    if (NotificationType == SF_NOTIFY_SEND_RAW_DATA) {
        PHTTP_FILTER_RAW_DATA pRaw = (PHTTP_FILTER_RAW_DATA)pvNotification;
        CHAR *pData = (CHAR *)pRaw->pvInData;
        SetLastError(0);
        if (!g_pfnGetHeader(pfc, "url", szBuffer, &cbBuffer) && GetLastError() == ERROR_INVALID_PARAMETER
            && pRaw->cbInData >= 2 && pData[pRaw->cbInData - 2] == 'o' && pData[pRaw->cbInData - 1] == 'k') {
            pData[pRaw->cbInData - 2] = 'O';
            pData[pRaw->cbInData - 1] = 'K';
        }
        SetLastError(ERROR_INVALID_PARAMETER);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
