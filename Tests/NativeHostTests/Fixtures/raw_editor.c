/*
 * Raw data both ways:
 *   READ_RAW_DATA: "X-Secret: 1" becomes "X-Secret: 0", edited in place in the server's buffer;
 *                  a block that is exactly "PING" is replaced by a whole request from a static buffer;
 *                  "MORE" asks for more bytes (SF_REQ_SET_NEXT_READ_SIZE 1024 + READ_NEXT);
 *                  "QUIT" ends the connection (FINISHED).
 *   SEND_RAW_DATA: body bytes (not the header block) are replaced by an upper-cased copy plus "!"
 *                  in AllocMem memory (pvInData, cbInData and cbInBuffer all change).
 */
#include <windows.h>
#include <httpfilt.h>

static CHAR g_szPingRequest[] = "GET /ping HTTP/1.1\r\nHost: raw.test\r\n\r\n";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_ORDER_LOW | SF_NOTIFY_READ_RAW_DATA | SF_NOTIFY_SEND_RAW_DATA;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    PHTTP_FILTER_RAW_DATA pRaw = (PHTTP_FILTER_RAW_DATA)pvNotification;
    CHAR *pData = (CHAR *)pRaw->pvInData;
    DWORD i;

    if (NotificationType == SF_NOTIFY_READ_RAW_DATA) {
        if (pRaw->cbInData == 4 && memcmp(pData, "MORE", 4) == 0) {
            if (!pfc->ServerSupportFunction(pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, 1024, 0)) return SF_STATUS_REQ_ERROR;
            return SF_STATUS_REQ_READ_NEXT;
        }
        if (pRaw->cbInData == 4 && memcmp(pData, "QUIT", 4) == 0) {
            return SF_STATUS_REQ_FINISHED;
        }
        if (pRaw->cbInData == 4 && memcmp(pData, "PING", 4) == 0) {
            pRaw->pvInData = g_szPingRequest;
            pRaw->cbInData = pRaw->cbInBuffer = sizeof(g_szPingRequest) - 1;
            return SF_STATUS_REQ_NEXT_NOTIFICATION;
        }
        for (i = 0; i + 11 <= pRaw->cbInData; i++) {
            if (memcmp(pData + i, "X-Secret: 1", 11) == 0) pData[i + 10] = '0';
        }
    } else if (NotificationType == SF_NOTIFY_SEND_RAW_DATA) {
        CHAR *pCopy;
        if (pRaw->cbInData >= 5 && memcmp(pData, "HTTP/", 5) == 0) return SF_STATUS_REQ_NEXT_NOTIFICATION;
        pCopy = (CHAR *)pfc->AllocMem(pfc, pRaw->cbInData + 1, 0);
        if (pCopy == NULL) return SF_STATUS_REQ_ERROR;
        for (i = 0; i < pRaw->cbInData; i++) pCopy[i] = (CHAR)toupper((unsigned char)pData[i]);
        pCopy[pRaw->cbInData] = '!';
        pRaw->pvInData = pCopy;
        pRaw->cbInData = pRaw->cbInBuffer = pRaw->cbInData + 1;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
