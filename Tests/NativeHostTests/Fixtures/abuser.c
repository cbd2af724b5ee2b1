/*
 * Calls every callback with NULL arguments, a context that is not the server's, and buffers that
 * are too small, and checks each returns FALSE (NULL for AllocMem) with the documented last error.
 * The response carries the verdict:
 *   X-Abuse-Checks: <number of checks run in this request>
 *   X-Abuse-Failures: none | <the failed checks>
 */
#include <windows.h>
#include <httpfilt.h>

typedef struct _RESULTS {
    DWORD dwChecks;
    DWORD dwFailures;
    CHAR szFailures[2048];
} RESULTS;

typedef BOOL (WINAPI *GET_HEADER)(PHTTP_FILTER_CONTEXT, LPSTR, LPVOID, LPDWORD);

static void Note(RESULTS *pResults, BOOL fResult, DWORD dwExpected, LPCSTR pszWhat)
{
    DWORD dwError = GetLastError();
    pResults->dwChecks++;
    if (fResult || dwError != dwExpected) {
        size_t cbUsed = strlen(pResults->szFailures);
        pResults->dwFailures++;
        _snprintf(pResults->szFailures + cbUsed, sizeof(pResults->szFailures) - cbUsed, "%s%s(got %s/%lu) ",
                  "", pszWhat, fResult ? "TRUE" : "FALSE", (unsigned long)dwError);
    }
}

#define CHECK(call, expected) do { SetLastError(0xDEAD); Note(pResults, (call) ? TRUE : FALSE, (expected), #call); } while (0)
#define CHECK_SIZE(size, expected) do { pResults->dwChecks++; if ((size) != (expected)) { \
    pResults->dwFailures++; strcat(pResults->szFailures, #size "!=" #expected " "); } } while (0)

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Abuser", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_LOW | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_AUTHENTICATION
                  | SF_NOTIFY_AUTH_COMPLETE | SF_NOTIFY_SEND_RESPONSE;
    return TRUE;
}

static void AbuseContext(PHTTP_FILTER_CONTEXT pfc, RESULTS *pResults)
{
    HTTP_FILTER_CONTEXT forged = *pfc;   /* a copy: not the server's context */
    CHAR szBuffer[64];
    DWORD cbBuffer, dwProperty = 0;
    CHAR szUrl[] = "/a/../../etc";

    /* GetServerVariable */
    cbBuffer = sizeof(szBuffer);
    CHECK(pfc->GetServerVariable(NULL, "URL", szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
    CHECK(pfc->GetServerVariable(&forged, "URL", szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
    CHECK(pfc->GetServerVariable(pfc, NULL, szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
    CHECK(pfc->GetServerVariable(pfc, "URL", szBuffer, NULL), ERROR_INVALID_PARAMETER);
    cbBuffer = 10;
    CHECK(pfc->GetServerVariable(pfc, "URL", NULL, &cbBuffer), ERROR_INVALID_PARAMETER);
    cbBuffer = 0;
    CHECK(pfc->GetServerVariable(pfc, "URL", NULL, &cbBuffer), ERROR_INSUFFICIENT_BUFFER);
    CHECK_SIZE(cbBuffer, sizeof("/abuse"));
    cbBuffer = 3;
    CHECK(pfc->GetServerVariable(pfc, "URL", szBuffer, &cbBuffer), ERROR_INSUFFICIENT_BUFFER);
    CHECK_SIZE(cbBuffer, sizeof("/abuse"));
    cbBuffer = sizeof(szBuffer);
    CHECK(pfc->GetServerVariable(pfc, "NO_SUCH_VARIABLE", szBuffer, &cbBuffer), ERROR_INVALID_INDEX);
    cbBuffer = 4;   /* UTF-16: "GET" needs 8 bytes */
    CHECK(pfc->GetServerVariable(pfc, "UNICODE_REQUEST_METHOD", szBuffer, &cbBuffer), ERROR_INSUFFICIENT_BUFFER);
    CHECK_SIZE(cbBuffer, 8);

    /* AddResponseHeaders */
    CHECK(pfc->AddResponseHeaders(NULL, "X-A: 1\r\n", 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->AddResponseHeaders(&forged, "X-A: 1\r\n", 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->AddResponseHeaders(pfc, NULL, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->AddResponseHeaders(pfc, "a line without a colon\r\n", 0), ERROR_INVALID_PARAMETER);

    /* WriteClient */
    cbBuffer = 5;
    CHECK(pfc->WriteClient(NULL, "hello", &cbBuffer, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->WriteClient(&forged, "hello", &cbBuffer, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->WriteClient(pfc, NULL, &cbBuffer, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->WriteClient(pfc, "hello", NULL, 0), ERROR_INVALID_PARAMETER);

    /* AllocMem */
    CHECK(pfc->AllocMem(NULL, 16, 0) != NULL, ERROR_INVALID_PARAMETER);
    CHECK(pfc->AllocMem(&forged, 16, 0) != NULL, ERROR_INVALID_PARAMETER);

    /* ServerSupportFunction */
    CHECK(pfc->ServerSupportFunction(NULL, SF_REQ_GET_PROPERTY, &dwProperty, SF_PROPERTY_INSTANCE_NUM_ID, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(&forged, SF_REQ_GET_PROPERTY, &dwProperty, SF_PROPERTY_INSTANCE_NUM_ID, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, (enum SF_REQ_TYPE)99, NULL, 0, 0), ERROR_NOT_SUPPORTED);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER, "not a status", 0, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_SEND_RESPONSE_HEADER, NULL, (ULONG_PTR)"no colon here\r\n\r\n", 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_ADD_HEADERS_ON_DENIAL, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_SET_NEXT_READ_SIZE, NULL, (ULONG_PTR)1 << 40, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_SET_PROXY_INFO, NULL, 1, 0), ERROR_NOT_SUPPORTED);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_GET_CONNID, &dwProperty, 0, 0), ERROR_NOT_SUPPORTED);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_SET_CERTIFICATE_INFO, NULL, 0, 0), ERROR_NOT_SUPPORTED);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_GET_PROPERTY, NULL, SF_PROPERTY_INSTANCE_NUM_ID, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_GET_PROPERTY, &dwProperty, SF_PROPERTY_SSL_CTXT, 0), ERROR_NOT_SUPPORTED);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_GET_PROPERTY, &dwProperty, 7, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_NORMALIZE_URL, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_NORMALIZE_URL, szUrl, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK(pfc->ServerSupportFunction(pfc, SF_REQ_DISABLE_NOTIFICATIONS, NULL, (ULONG_PTR)1 << 40, 0), ERROR_INVALID_PARAMETER);
}

static void AbuseHeaders(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_PREPROC_HEADERS pHeaders, RESULTS *pResults)
{
    HTTP_FILTER_CONTEXT forged = *pfc;
    CHAR szBuffer[64];
    DWORD cbBuffer = sizeof(szBuffer);

    CHECK(pHeaders->GetHeader(NULL, "Host:", szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->GetHeader(&forged, "Host:", szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->GetHeader(pfc, NULL, szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->GetHeader(pfc, "Host:", szBuffer, NULL), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->GetHeader(pfc, "Host", szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->GetHeader(pfc, "X-Missing:", szBuffer, &cbBuffer), ERROR_INVALID_INDEX);
    cbBuffer = 2;
    CHECK(pHeaders->GetHeader(pfc, "Host:", szBuffer, &cbBuffer), ERROR_INSUFFICIENT_BUFFER);
    CHECK_SIZE(cbBuffer, sizeof("abuse.test"));
    cbBuffer = 0;
    CHECK(pHeaders->GetHeader(pfc, "Host:", NULL, &cbBuffer), ERROR_INSUFFICIENT_BUFFER);
    CHECK_SIZE(cbBuffer, sizeof("abuse.test"));
    CHECK(pHeaders->SetHeader(NULL, "X-A:", "1"), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->SetHeader(pfc, NULL, "1"), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->SetHeader(pfc, "X-A:", NULL), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->SetHeader(pfc, "X-A:", "a\r\nInjected: yes"), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->SetHeader(pfc, "X-A", "no colon"), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->AddHeader(NULL, "X-A:", "1"), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->AddHeader(pfc, NULL, "1"), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->AddHeader(pfc, "X-A:", NULL), ERROR_INVALID_PARAMETER);
    CHECK(pHeaders->AddHeader(pfc, "NoColon", "1"), ERROR_INVALID_PARAMETER);
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    static __thread GET_HEADER pfnSavedGetHeader;   /* a header function kept past its notification */
    RESULTS *pResults = (RESULTS *)pfc->pFilterContext;
    CHAR szBuffer[64];
    DWORD cbBuffer = sizeof(szBuffer);

    if (pResults == NULL && NotificationType != SF_NOTIFY_PREPROC_HEADERS) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;   /* AllocMem failed in PREPROC_HEADERS */
    }
    switch (NotificationType) {
    case SF_NOTIFY_PREPROC_HEADERS:
        if (pResults == NULL) {
            pResults = (RESULTS *)pfc->AllocMem(pfc, sizeof(RESULTS), 0);
            if (pResults == NULL) return SF_STATUS_REQ_ERROR;
            pfc->pFilterContext = pResults;
        }
        ZeroMemory(pResults, sizeof(RESULTS));
        AbuseContext(pfc, pResults);
        AbuseHeaders(pfc, (PHTTP_FILTER_PREPROC_HEADERS)pvNotification, pResults);
        pfnSavedGetHeader = ((PHTTP_FILTER_PREPROC_HEADERS)pvNotification)->GetHeader;
        break;

    case SF_NOTIFY_AUTHENTICATION:
        /* No header functions here: one saved from PREPROC_HEADERS must be refused. */
        CHECK(pfnSavedGetHeader(pfc, "Host:", szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
        break;

    case SF_NOTIFY_AUTH_COMPLETE: {
        PHTTP_FILTER_AUTH_COMPLETE_INFO pInfo = (PHTTP_FILTER_AUTH_COMPLETE_INFO)pvNotification;
        HANDLE hToken = (HANDLE)1;
        CHECK(pInfo->GetUserToken(pfc, NULL), ERROR_INVALID_PARAMETER);
        CHECK(pInfo->GetUserToken(NULL, &hToken), ERROR_INVALID_PARAMETER);
        CHECK(pInfo->GetUserToken(pfc, &hToken), ERROR_NOT_SUPPORTED);
        CHECK(hToken != NULL, 0xDEAD);
        break;
    }

    case SF_NOTIFY_SEND_RESPONSE: {
        PHTTP_FILTER_SEND_RESPONSE pResponse = (PHTTP_FILTER_SEND_RESPONSE)pvNotification;
        CHAR szChecks[16];
        /* Too late for AddResponseHeaders: AddHeader is the tool here. */
        CHECK(pfc->AddResponseHeaders(pfc, "X-Late: 1\r\n", 0), ERROR_NOT_SUPPORTED);
        CHECK(pResponse->GetHeader(pfc, "status", szBuffer, &cbBuffer) == FALSE, 0xDEAD);
        CHECK(pResponse->GetHeader(pfc, "url", szBuffer, &cbBuffer), ERROR_INVALID_PARAMETER);
        wsprintfA(szChecks, "%lu", (unsigned long)pResults->dwChecks);
        pResponse->SetHeader(pfc, "X-Abuse-Checks:", szChecks);
        pResponse->SetHeader(pfc, "X-Abuse-Failures:", pResults->dwFailures ? pResults->szFailures : "none");
        break;
    }
    }
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
