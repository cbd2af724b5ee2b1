/*
 * BasicAuth: checks Basic credentials against the filter's own user table, the way custom
 * authentication filters did on IIS.
 *
 *   SF_NOTIFY_PREPROC_HEADERS   deletes any X-Authenticated-User header the client sent (nobody
 *                               may spoof what this filter asserts)
 *   SF_NOTIFY_AUTHENTICATION    valid user/password: maps the user to its account name
 *                               ("EXAMPLE\alice"), in place in the server's buffer; wrong
 *                               credentials: empties both, so the request is anonymous
 *   SF_NOTIFY_AUTH_COMPLETE     tells the application who the user is: X-Authenticated-User
 *   SF_NOTIFY_ACCESS_DENIED     the site refused the request with 401: asks for credentials with
 *                               SF_REQ_ADD_HEADERS_ON_DENIAL (WWW-Authenticate: Basic realm=...)
 *
 * The 401 itself comes from the site: on IIS, from anonymous authentication being disabled; in
 * isapi-bridge, from a module that refuses anonymous users (the tests use one). The filter never
 * sees the client's password again after AUTHENTICATION.
 *
 * Build:  cc -shared -fPIC $(isapi-bridge cflags) basic_auth.c -o basic_auth.so
 */
#include <windows.h>
#include <httpfilt.h>

typedef struct _USER_ENTRY {
    LPCSTR pszUser;
    LPCSTR pszPassword;
    LPCSTR pszAccount;    /* what the server is told the user is */
} USER_ENTRY;

static const USER_ENTRY g_Users[] = {
    { "alice", "wonderland", "EXAMPLE\\alice" },
    { "bob",   "builder",    "EXAMPLE\\bob" },
};

static const CHAR g_szChallenge[] = "WWW-Authenticate: Basic realm=\"isapi-bridge example\"\r\n";

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Basic authentication against a user table (isapi-bridge example)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_HIGH
                  | SF_NOTIFY_SECURE_PORT | SF_NOTIFY_NONSECURE_PORT
                  | SF_NOTIFY_PREPROC_HEADERS
                  | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_AUTH_COMPLETE
                  | SF_NOTIFY_ACCESS_DENIED;
    return TRUE;
}

static const USER_ENTRY *FindUser(LPCSTR pszUser, LPCSTR pszPassword)
{
    DWORD i;
    for (i = 0; i < sizeof(g_Users) / sizeof(g_Users[0]); i++) {
        /* User names are case-insensitive, passwords are not. */
        if (lstrcmpiA(pszUser, g_Users[i].pszUser) == 0 && lstrcmpA(pszPassword, g_Users[i].pszPassword) == 0) {
            return &g_Users[i];
        }
    }
    return NULL;
}

static DWORD OnAuthentication(PHTTP_FILTER_AUTHENT pAuth)
{
    const USER_ENTRY *pEntry;

    if (pAuth->pszUser[0] == '\0') {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;      /* anonymous: nothing to check */
    }
    pEntry = FindUser(pAuth->pszUser, pAuth->pszPassword);
    if (pEntry != NULL && (DWORD)lstrlenA(pEntry->pszAccount) < pAuth->cbUserBuff) {
        /* Rewrite in place, within the server's buffer (at least SF_MAX_USERNAME bytes). */
        lstrcpynA(pAuth->pszUser, pEntry->pszAccount, (int)pAuth->cbUserBuff);
    } else {
        /* Unknown user or wrong password: continue as anonymous; the site will refuse. */
        pAuth->pszUser[0] = '\0';
    }
    /* Either way the password goes no further. */
    SecureZeroMemory(pAuth->pszPassword, pAuth->cbPasswordBuff);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

static DWORD OnAuthComplete(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_AUTH_COMPLETE_INFO pInfo)
{
    CHAR szUser[SF_MAX_USERNAME];
    DWORD cbUser = sizeof(szUser);

    if (pfc->GetServerVariable(pfc, "AUTH_USER", szUser, &cbUser) && szUser[0] != '\0') {
        pInfo->SetHeader(pfc, "X-Authenticated-User:", szUser);
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        /* An empty value deletes the header. */
        ((PHTTP_FILTER_PREPROC_HEADERS)pvNotification)->SetHeader(pfc, "X-Authenticated-User:", "");
        break;

    case SF_NOTIFY_AUTHENTICATION:
        return OnAuthentication((PHTTP_FILTER_AUTHENT)pvNotification);

    case SF_NOTIFY_AUTH_COMPLETE:
        return OnAuthComplete(pfc, (PHTTP_FILTER_AUTH_COMPLETE_INFO)pvNotification);

    case SF_NOTIFY_ACCESS_DENIED: {
        PHTTP_FILTER_ACCESS_DENIED pDenied = (PHTTP_FILTER_ACCESS_DENIED)pvNotification;
        CHAR szReason[64];

        pfc->ServerSupportFunction(pfc, SF_REQ_ADD_HEADERS_ON_DENIAL, (PVOID)g_szChallenge, 0, 0);
        wsprintfA(szReason, "X-Denial-Reason: 0x%lx\r\n", (unsigned long)pDenied->dwReason);
        pfc->ServerSupportFunction(pfc, SF_REQ_ADD_HEADERS_ON_DENIAL, szReason, 0, 0);
        break;
    }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
