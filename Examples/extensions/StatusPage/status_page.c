/*
 * StatusPage: an HTML page about the server and the request, the classic ISAPI status extension.
 *
 * Shows:
 *   - GetExtensionVersion / HttpExtensionProc / TerminateExtension;
 *   - the ECB's request fields (lpszMethod, lpszQueryString, lpszPathInfo, lpszPathTranslated);
 *   - GetServerVariable with the size probe (NULL buffer, size 0 -> ERROR_INSUFFICIENT_BUFFER and
 *     the size needed), for IIS variables and isapi-bridge's ISAPI_BRIDGE_FILTERS and
 *     ISAPI_BRIDGE_MODULES (the site's filters and modules, comma-separated, in order);
 *   - HSE_REQ_SEND_RESPONSE_HEADER_EX, then synchronous WriteClient;
 *   - a request counter shared by every thread (InterlockedIncrement).
 *
 * Build:  cc -shared -fPIC $(isapi-bridge cflags) status_page.c -o status_page.so
 * Map:    <handlers><add name="Status" path="status.isa" verb="GET" modules="IsapiModule"
 *                       scriptProcessor="status_page.so"/></handlers>
 */
#include <windows.h>
#include <httpext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile LONG g_requests;

BOOL WINAPI GetExtensionVersion(HSE_VERSION_INFO *pVer)
{
    pVer->dwExtensionVersion = MAKELONG(HSE_VERSION_MINOR, HSE_VERSION_MAJOR);
    lstrcpynA(pVer->lpszExtensionDesc, "Server status page (isapi-bridge example)", HSE_MAX_EXT_DLL_NAME_LEN);
    return TRUE;
}

/* A server variable in a buffer the caller frees, or NULL when the server does not know it. */
static char *ServerVariable(EXTENSION_CONTROL_BLOCK *pECB, const char *name)
{
    DWORD size = 0;
    char *value;

    if (pECB->GetServerVariable(pECB->ConnID, (LPSTR)name, NULL, &size) || GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
        return NULL;
    }
    value = malloc(size);
    if (value == NULL) return NULL;
    if (!pECB->GetServerVariable(pECB->ConnID, (LPSTR)name, value, &size)) {
        free(value);
        return NULL;
    }
    return value;
}

static BOOL Write(EXTENSION_CONTROL_BLOCK *pECB, const char *text)
{
    DWORD length = (DWORD)strlen(text);
    return pECB->WriteClient(pECB->ConnID, (LPVOID)text, &length, HSE_IO_SYNC);
}

/* Writes "<li>item</li>" for each comma-separated item of `list` (HTML-escaping is not needed:
 * the names come from the server's configuration, which allows no markup characters in them). */
static void WriteList(EXTENSION_CONTROL_BLOCK *pECB, const char *title, const char *list)
{
    char line[512];
    const char *start = list;

    snprintf(line, sizeof line, "<h2>%s</h2><ul>", title);
    Write(pECB, line);
    while (list != NULL && *start != '\0') {
        const char *end = strchr(start, ',');
        size_t length = end ? (size_t)(end - start) : strlen(start);
        snprintf(line, sizeof line, "<li>%.*s</li>", (int)length, start);
        Write(pECB, line);
        if (end == NULL) break;
        start = end + 1;
    }
    Write(pECB, "</ul>");
}

DWORD WINAPI HttpExtensionProc(EXTENSION_CONTROL_BLOCK *pECB)
{
    HSE_SEND_HEADER_EX_INFO header;
    char *software = ServerVariable(pECB, "SERVER_SOFTWARE");
    char *filters = ServerVariable(pECB, "ISAPI_BRIDGE_FILTERS");
    char *modules = ServerVariable(pECB, "ISAPI_BRIDGE_MODULES");
    char line[1024];
    LONG count = InterlockedIncrement(&g_requests);

    header.pszStatus = "200 OK";
    header.cchStatus = (DWORD)strlen(header.pszStatus);
    header.pszHeader = "Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\r\n";
    header.cchHeader = (DWORD)strlen(header.pszHeader);
    header.fKeepConn = TRUE;
    if (!pECB->ServerSupportFunction(pECB->ConnID, HSE_REQ_SEND_RESPONSE_HEADER_EX, &header, NULL, NULL)) {
        free(software); free(filters); free(modules);
        return HSE_STATUS_ERROR;
    }
    Write(pECB, "<!DOCTYPE html><html><head><title>Server status</title></head><body><h1>Server status</h1>");
    snprintf(line, sizeof line, "<p>Server: %s</p><p>Requests served by this extension: %ld</p>",
             software ? software : "?", (long)count);
    Write(pECB, line);
    snprintf(line, sizeof line, "<p>This request: %s %s (%s)</p>", pECB->lpszMethod, pECB->lpszPathInfo,
             pECB->lpszPathTranslated);
    Write(pECB, line);
    WriteList(pECB, "ISAPI filters", filters ? filters : "");
    WriteList(pECB, "Modules", modules ? modules : "");
    Write(pECB, "</body></html>\n");
    free(software); free(filters); free(modules);
    return HSE_STATUS_SUCCESS;
}

BOOL WINAPI TerminateExtension(DWORD dwFlags)
{
    (void)dwFlags;
    return TRUE;
}
