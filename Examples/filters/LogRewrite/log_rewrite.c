/*
 * LogRewrite: edits each request's log entry before it is written.
 *
 *   - an empty user name is logged as "anonymous";
 *   - the values of query parameters that look secret (password=, token=, key=) become "***";
 *   - requests answered 304 are logged with 0 bytes sent.
 *
 * Shows SF_NOTIFY_LOG: the strings of HTTP_FILTER_LOG must not be modified, but the pointers may
 * be replaced, with memory that stays valid after the notification returns: AllocMem memory
 * (which lives until the connection closes) or a static string. The DWORD fields may be changed
 * directly.
 *
 * Build:  cc -shared -fPIC $(isapi-bridge cflags) log_rewrite.c -o log_rewrite.so
 */
#include <windows.h>
#include <httpfilt.h>

static const CHAR *g_Secrets[] = { "password=", "token=", "key=" };

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Log entry rewriting (isapi-bridge example)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_LOW
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_LOG;
    return TRUE;
}

/* Whether the parameter starting at pszParam is one whose value must be hidden. */
static BOOL IsSecret(LPCSTR pszParam)
{
    DWORD i;
    for (i = 0; i < sizeof(g_Secrets) / sizeof(g_Secrets[0]); i++) {
        if (_strnicmp(pszParam, g_Secrets[i], (size_t)lstrlenA(g_Secrets[i])) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* A copy of the query string with secret values masked, in AllocMem memory; NULL if there is
 * nothing to mask (or no memory: then the entry is logged as it is). */
static LPSTR MaskParameters(PHTTP_FILTER_CONTEXT pfc, LPCSTR pszParameters)
{
    LPCSTR pszIn = pszParameters;
    LPSTR pszOut, pszMasked;
    BOOL fMasking = FALSE, fChanged = FALSE;
    DWORD cbMax = (DWORD)lstrlenA(pszParameters) * 4 + 1;   /* every value could become "***" */

    pszMasked = (LPSTR)pfc->AllocMem(pfc, cbMax, 0);
    if (pszMasked == NULL) {
        return NULL;
    }
    pszOut = pszMasked;
    while (*pszIn) {
        if (pszIn == pszParameters || pszIn[-1] == '&') {
            fMasking = FALSE;
            if (IsSecret(pszIn)) {
                while (*pszIn && *pszIn != '=') {
                    *pszOut++ = *pszIn++;
                }
                *pszOut++ = *pszIn++;               /* the '=' */
                CopyMemory(pszOut, "***", 3);
                pszOut += 3;
                fMasking = fChanged = TRUE;
                continue;
            }
        }
        if (fMasking && *pszIn != '&') {
            pszIn++;                                /* drop the secret */
            continue;
        }
        *pszOut++ = *pszIn++;
    }
    *pszOut = '\0';
    return fChanged ? pszMasked : NULL;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    PHTTP_FILTER_LOG pLog = (PHTTP_FILTER_LOG)pvNotification;
    LPSTR pszMasked;

    if (NotificationType != SF_NOTIFY_LOG) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    if (pLog->pszClientUserName == NULL || pLog->pszClientUserName[0] == '\0') {
        pLog->pszClientUserName = "anonymous";     /* a static string stays valid */
    }
    if (pLog->pszParameters != NULL && pLog->pszParameters[0] != '\0') {
        pszMasked = MaskParameters(pfc, pLog->pszParameters);
        if (pszMasked != NULL) {
            pLog->pszParameters = pszMasked;
        }
    }
    if (pLog->dwHttpStatus == 304) {
        pLog->dwBytesSent = 0;
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
