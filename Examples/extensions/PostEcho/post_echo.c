/*
 * PostEcho: sends a POST body back, written asynchronously.
 *
 * Shows the asynchronous pattern of IIS extensions:
 *   - the body: the first cbAvailable bytes in lpbData, the rest (up to cbTotalBytes) with ReadClient;
 *   - HSE_REQ_IO_COMPLETION to register the completion callback;
 *   - WriteClient with HSE_IO_ASYNC, one chunk per completion;
 *   - HSE_STATUS_PENDING from HttpExtensionProc, then HSE_REQ_DONE_WITH_SESSION from the callback
 *     once the last chunk is written (or on an error).
 *
 * Build:  cc -shared -fPIC $(isapi-bridge cflags) post_echo.c -o post_echo.so
 * Map:    <handlers><add name="Echo" path="echo.isa" verb="POST" modules="IsapiModule"
 *                       scriptProcessor="post_echo.so"/></handlers>
 * Try:    curl -s --data-binary @somefile http://127.0.0.1:8080/echo.isa | cmp - somefile
 */
#include <windows.h>
#include <httpext.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 16384
#define MAX_BODY (16 * 1024 * 1024)

/* One request's state, from HttpExtensionProc until DONE_WITH_SESSION. */
typedef struct ECHO {
    BYTE *body;
    DWORD length;
    DWORD sent;
} ECHO;

BOOL WINAPI GetExtensionVersion(HSE_VERSION_INFO *pVer)
{
    pVer->dwExtensionVersion = MAKELONG(HSE_VERSION_MINOR, HSE_VERSION_MAJOR);
    lstrcpynA(pVer->lpszExtensionDesc, "POST echo with asynchronous WriteClient (isapi-bridge example)", HSE_MAX_EXT_DLL_NAME_LEN);
    return TRUE;
}

static void Finish(EXTENSION_CONTROL_BLOCK *pECB, ECHO *echo, DWORD status)
{
    free(echo->body);
    free(echo);
    pECB->ServerSupportFunction(pECB->ConnID, HSE_REQ_DONE_WITH_SESSION, &status, NULL, NULL);
}

/* Writes the next chunk; FALSE when the write could not be started. */
static BOOL SendNext(EXTENSION_CONTROL_BLOCK *pECB, ECHO *echo)
{
    DWORD size = echo->length - echo->sent;
    if (size > CHUNK) size = CHUNK;
    return pECB->WriteClient(pECB->ConnID, echo->body + echo->sent, &size, HSE_IO_ASYNC);
}

static VOID WINAPI OnWritten(EXTENSION_CONTROL_BLOCK *pECB, PVOID pContext, DWORD cbIO, DWORD dwError)
{
    ECHO *echo = pContext;
    if (dwError != ERROR_SUCCESS) {
        Finish(pECB, echo, HSE_STATUS_ERROR);
        return;
    }
    echo->sent += cbIO;
    if (echo->sent >= echo->length || !SendNext(pECB, echo)) {
        Finish(pECB, echo, echo->sent >= echo->length ? HSE_STATUS_SUCCESS : HSE_STATUS_ERROR);
    }
}

DWORD WINAPI HttpExtensionProc(EXTENSION_CONTROL_BLOCK *pECB)
{
    ECHO *echo;
    char headers[128];
    DWORD received;

    if (pECB->cbTotalBytes > MAX_BODY) {
        pECB->ServerSupportFunction(pECB->ConnID, HSE_REQ_SEND_RESPONSE_HEADER, "413 Payload Too Large",
                                    NULL, (LPDWORD)"Content-Type: text/plain\r\n\r\nbody too large\n");
        return HSE_STATUS_SUCCESS;
    }
    echo = calloc(1, sizeof *echo);
    if (echo == NULL) return HSE_STATUS_ERROR;
    echo->length = pECB->cbTotalBytes;
    echo->body = malloc(echo->length ? echo->length : 1);
    if (echo->body == NULL) {
        free(echo);
        return HSE_STATUS_ERROR;
    }
    /* The body: what came with the ECB, then ReadClient until all of it is here. */
    memcpy(echo->body, pECB->lpbData, pECB->cbAvailable);
    received = pECB->cbAvailable;
    while (received < echo->length) {
        DWORD size = echo->length - received;
        if (!pECB->ReadClient(pECB->ConnID, echo->body + received, &size) || size == 0) break;
        received += size;
    }
    echo->length = received;

    wsprintfA(headers, "Content-Type: %s\r\n\r\n", pECB->lpszContentType[0] ? pECB->lpszContentType : "application/octet-stream");
    pECB->ServerSupportFunction(pECB->ConnID, HSE_REQ_SEND_RESPONSE_HEADER, "200 OK", NULL, (LPDWORD)headers);
    if (echo->length == 0) {
        free(echo->body);
        free(echo);
        return HSE_STATUS_SUCCESS;
    }
    pECB->ServerSupportFunction(pECB->ConnID, HSE_REQ_IO_COMPLETION, (LPVOID)OnWritten, NULL, (LPDWORD)echo);
    if (!SendNext(pECB, echo)) {
        free(echo->body);
        free(echo);
        return HSE_STATUS_ERROR;
    }
    return HSE_STATUS_PENDING;
}
