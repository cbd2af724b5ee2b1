/* An ISAPI extension for the extension tests: the query string picks what it does (see each case).
 * DllMain, GetExtensionVersion and TerminateExtension log to ext_probe_events() for the load-order
 * test; the PENDING cases that finish from a thread of their own log there what late callbacks got. */
#include <windows.h>
#include <httpext.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char events[1024];
static pthread_mutex_t events_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((visibility("default"))) const char *ext_probe_events(void) { return events; }

static void note(const char *event) {
    pthread_mutex_lock(&events_lock);
    strcat_s(events, sizeof events, event);
    pthread_mutex_unlock(&events_lock);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance; (void)reserved;
    note(reason == DLL_PROCESS_ATTACH ? "attach " : reason == DLL_PROCESS_DETACH ? "detach " : "");
    return TRUE;
}

BOOL WINAPI GetExtensionVersion(HSE_VERSION_INFO *version) {
    note("version ");
    version->dwExtensionVersion = MAKELONG(0, 8);
    strcpy_s(version->lpszExtensionDesc, HSE_MAX_EXT_DLL_NAME_LEN, "extension probe");
    return TRUE;
}

BOOL WINAPI TerminateExtension(DWORD flags) {
    note(flags == HSE_TERM_MUST_UNLOAD ? "terminate " : "terminate-other ");
    return TRUE;
}

static BOOL headers(EXTENSION_CONTROL_BLOCK *ecb, const char *status, const char *block) {
    return ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_SEND_RESPONSE_HEADER, (LPVOID)status, NULL, (LPDWORD)block);
}

static BOOL write_text(EXTENSION_CONTROL_BLOCK *ecb, const char *text) {
    DWORD length = (DWORD)strlen(text);
    return ecb->WriteClient(ecb->ConnID, (LPVOID)text, &length, HSE_IO_SYNC);
}

static void variable(EXTENSION_CONTROL_BLOCK *ecb, const char *name, char *out, DWORD size) {
    if (!ecb->GetServerVariable(ecb->ConnID, (LPSTR)name, out, &size)) snprintf(out, 64, "error %u", (unsigned)GetLastError());
}

/* ?ecb: the ECB's fields, one per line. */
static DWORD ecb_fields(EXTENSION_CONTROL_BLOCK *ecb) {
    char text[4096], host[256], missing[64], small[4];
    DWORD small_size = sizeof small;
    variable(ecb, "HTTP_HOST", host, sizeof host);
    variable(ecb, "NO_SUCH_VARIABLE", missing, sizeof missing);
    BOOL fits = ecb->GetServerVariable(ecb->ConnID, "REQUEST_METHOD", small, &small_size);
    snprintf(text, sizeof text,
             "cbSize=%u\ndwVersion=%u.%u\nmethod=%s\nquery=%s\npathInfo=%s\npathTranslated=%s\ncontentType=%s\n"
             "cbTotalBytes=%u\ncbAvailable=%u\nfirst=%.*s\nhost=%s\nmissing=%s\nsmall=%d,%u,%u\n",
             (unsigned)ecb->cbSize, (unsigned)HIWORD(ecb->dwVersion), (unsigned)LOWORD(ecb->dwVersion), ecb->lpszMethod,
             ecb->lpszQueryString, ecb->lpszPathInfo, ecb->lpszPathTranslated, ecb->lpszContentType,
             (unsigned)ecb->cbTotalBytes, (unsigned)ecb->cbAvailable, (int)(ecb->cbAvailable < 8 ? ecb->cbAvailable : 8),
             (const char *)ecb->lpbData, host, missing, fits, (unsigned)GetLastError(), (unsigned)small_size);
    headers(ecb, "200 OK", "Content-Type: text/plain\r\nX-Probe: ecb\r\n\r\n");
    write_text(ecb, text);
    return HSE_STATUS_SUCCESS;
}

/* ?read: lpbData, then ReadClient in pieces of at most 1000 bytes; reports the sizes and a sum. */
static DWORD read_body(EXTENSION_CONTROL_BLOCK *ecb) {
    unsigned long sum = 0, total = ecb->cbAvailable, reads = 0, zero_read = 0;
    for (DWORD i = 0; i < ecb->cbAvailable; i++) sum += ecb->lpbData[i];
    BYTE piece[1000];
    while (total < ecb->cbTotalBytes) {
        DWORD size = sizeof piece;
        if (!ecb->ReadClient(ecb->ConnID, piece, &size) || size == 0) break;
        for (DWORD i = 0; i < size; i++) sum += piece[i];
        total += size;
        reads++;
    }
    DWORD size = sizeof piece;
    if (ecb->ReadClient(ecb->ConnID, piece, &size) && size == 0) zero_read = 1;
    char text[256];
    snprintf(text, sizeof text, "available=%u total=%lu reads=%lu sum=%lu end=%lu\n", (unsigned)ecb->cbAvailable, total, reads, sum, zero_read);
    headers(ecb, NULL, "Content-Type: text/plain\r\n\r\n");
    write_text(ecb, text);
    return HSE_STATUS_SUCCESS;
}

/* ?async-write: three chunks with WriteClient(HSE_IO_ASYNC); DONE_WITH_SESSION from the last completion. */
typedef struct { int written; unsigned long bytes; } async_state;

static VOID WINAPI async_written(EXTENSION_CONTROL_BLOCK *ecb, PVOID context, DWORD bytes, DWORD error) {
    async_state *state = context;
    state->bytes += bytes;
    if (error == 0 && ++state->written < 3) {
        char chunk[32];
        snprintf(chunk, sizeof chunk, "chunk%d;", state->written + 1);
        DWORD length = (DWORD)strlen(chunk);
        if (ecb->WriteClient(ecb->ConnID, chunk, &length, HSE_IO_ASYNC)) return;
    }
    char tail[64];
    snprintf(tail, sizeof tail, "bytes=%lu", state->bytes);
    write_text(ecb, tail);
    free(state);
    DWORD status = HSE_STATUS_SUCCESS;
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_DONE_WITH_SESSION, &status, NULL, NULL);
}

static DWORD async_write(EXTENSION_CONTROL_BLOCK *ecb) {
    async_state *state = calloc(1, sizeof *state);
    DWORD length = 7;
    /* Without a completion callback an asynchronous write is refused. */
    if (ecb->WriteClient(ecb->ConnID, "refused", &length, HSE_IO_ASYNC)) return HSE_STATUS_ERROR;
    headers(ecb, "200 OK", "Content-Type: text/plain\r\n\r\n");
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_IO_COMPLETION, (LPVOID)async_written, NULL, (LPDWORD)state);
    length = 7;
    if (!ecb->WriteClient(ecb->ConnID, "chunk1;", &length, HSE_IO_ASYNC)) return HSE_STATUS_ERROR;
    return HSE_STATUS_PENDING;
}

/* ?async-read: the rest of the body with HSE_REQ_ASYNC_READ_CLIENT, 700 bytes at a time. */
typedef struct { BYTE buffer[700]; unsigned long total, sum, reads; } read_state;

static VOID WINAPI async_read(EXTENSION_CONTROL_BLOCK *ecb, PVOID context, DWORD bytes, DWORD error) {
    read_state *state = context;
    for (DWORD i = 0; i < bytes; i++) state->sum += state->buffer[i];
    state->total += bytes;
    state->reads++;
    if (error == 0 && bytes > 0 && state->total < ecb->cbTotalBytes) {
        DWORD size = sizeof state->buffer, flags = HSE_IO_ASYNC;
        if (ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_ASYNC_READ_CLIENT, state->buffer, &size, &flags)) return;
    }
    char text[128];
    snprintf(text, sizeof text, "total=%lu sum=%lu reads=%lu\n", state->total, state->sum, state->reads);
    headers(ecb, NULL, "Content-Type: text/plain\r\n\r\n");
    write_text(ecb, text);
    free(state);
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_DONE_WITH_SESSION, NULL, NULL, NULL);
}

static DWORD async_read_body(EXTENSION_CONTROL_BLOCK *ecb) {
    read_state *state = calloc(1, sizeof *state);
    state->total = ecb->cbAvailable;
    for (DWORD i = 0; i < ecb->cbAvailable; i++) state->sum += ecb->lpbData[i];
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_IO_COMPLETION, (LPVOID)async_read, NULL, (LPDWORD)state);
    DWORD size = sizeof state->buffer, flags = HSE_IO_ASYNC;
    if (!ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_ASYNC_READ_CLIENT, state->buffer, &size, &flags)) return HSE_STATUS_ERROR;
    return HSE_STATUS_PENDING;
}

/* ?thread: returns PENDING; a thread of its own writes and ends the session, then checks that
 * callbacks after DONE_WITH_SESSION fail. */
static void *worker(void *argument) {
    EXTENSION_CONTROL_BLOCK *ecb = argument;
    HCONN connection = ecb->ConnID;
    BOOL (WINAPI *ssf)(HCONN, DWORD, LPVOID, LPDWORD, LPDWORD) = ecb->ServerSupportFunction;
    BOOL (WINAPI *write)(HCONN, LPVOID, LPDWORD, DWORD) = ecb->WriteClient;
    char method[16];
    variable(ecb, "REQUEST_METHOD", method, sizeof method);
    headers(ecb, "201 Created", "Content-Type: text/plain\r\nX-From: worker\r\n\r\n");
    char text[64];
    snprintf(text, sizeof text, "from another thread (%s)", method);
    write_text(ecb, text);
    DWORD status = HSE_STATUS_SUCCESS_AND_KEEP_CONN;
    BOOL done = ssf(connection, HSE_REQ_DONE_WITH_SESSION, &status, NULL, NULL);
    /* The ECB may be gone now: only the saved pointers and the ConnID are used. */
    BOOL again = ssf(connection, HSE_REQ_DONE_WITH_SESSION, NULL, NULL, NULL);
    DWORD again_error = GetLastError();
    DWORD length = 4;
    BOOL late = write(connection, "late", &length, 0);
    DWORD late_error = GetLastError();
    char line[128];
    snprintf(line, sizeof line, "worker:done=%d,again=%d/%u,late=%d/%u ", done, again, (unsigned)again_error, late, (unsigned)late_error);
    note(line);
    return NULL;
}

static DWORD from_thread(EXTENSION_CONTROL_BLOCK *ecb) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, worker, ecb) != 0) return HSE_STATUS_ERROR;
    pthread_detach(thread);
    return HSE_STATUS_PENDING;
}

/* ?map: MAP_URL_TO_PATH and MAP_URL_TO_PATH_EX of /docs/a.txt. */
static DWORD map_paths(EXTENSION_CONTROL_BLOCK *ecb) {
    char path[MAX_PATH] = "/docs/a.txt";
    DWORD size = sizeof path;
    BOOL mapped = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_MAP_URL_TO_PATH, path, &size, NULL);
    char tiny[8] = "/docs/a";
    DWORD tiny_size = sizeof tiny;
    BOOL fits = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_MAP_URL_TO_PATH, tiny, &tiny_size, NULL);
    DWORD tiny_error = GetLastError();
    HSE_URL_MAPEX_INFO info;
    DWORD length = 0;
    BOOL ex = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_MAP_URL_TO_PATH_EX, "/docs/a.txt", &length, (LPDWORD)&info);
    char text[1024];
    snprintf(text, sizeof text, "map=%d %s %u\nsmall=%d %u %u\nex=%d %s flags=%u matching=%u\n", mapped, path, (unsigned)size,
             fits, (unsigned)tiny_error, (unsigned)tiny_size, ex, info.lpszPath, (unsigned)info.dwFlags, (unsigned)info.cchMatchingPath);
    headers(ecb, "200 OK", "Content-Type: text/plain\r\n\r\n");
    write_text(ecb, text);
    return HSE_STATUS_SUCCESS;
}

/* ?keep: HSE_REQ_IS_KEEP_CONN, IS_CONNECTED and GET_IMPERSONATION_TOKEN; ?close: the same after
 * SEND_RESPONSE_HEADER_EX with fKeepConn FALSE. */
static DWORD keep_alive(EXTENSION_CONTROL_BLOCK *ecb, BOOL close) {
    HSE_SEND_HEADER_EX_INFO info = { "200 OK", "Content-Type: text/plain\r\n\r\n", 6, 28, !close };
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_SEND_RESPONSE_HEADER_EX, &info, NULL, NULL);
    BOOL keep = -1, connected = -1;
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_IS_KEEP_CONN, &keep, NULL, NULL);
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_IS_CONNECTED, &connected, NULL, NULL);
    HANDLE token = (HANDLE)1;
    BOOL got = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_GET_IMPERSONATION_TOKEN, &token, NULL, NULL);
    DWORD token_error = GetLastError();
    BOOL exec = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_EXEC_URL, NULL, NULL, NULL);
    DWORD exec_error = GetLastError();
    char text[256];
    snprintf(text, sizeof text, "keep=%d connected=%d token=%d/%u/%p exec=%d/%u", keep, connected, got, (unsigned)token_error, token,
             exec, (unsigned)exec_error);
    write_text(ecb, text);
    return HSE_STATUS_SUCCESS_AND_KEEP_CONN;
}

/* ?transmit: HSE_REQ_TRANSMIT_FILE of the file the URL maps to, headers in pHead, a tail. */
static VOID WINAPI transmitted(EXTENSION_CONTROL_BLOCK *ecb, PVOID context, DWORD bytes, DWORD error) {
    (void)context;
    char line[64];
    snprintf(line, sizeof line, "transmitted:%u/%u ", (unsigned)bytes, (unsigned)error);
    note(line);
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_DONE_WITH_SESSION, NULL, NULL, NULL);
}

static DWORD transmit(EXTENSION_CONTROL_BLOCK *ecb) {
    HANDLE file = CreateFileA(ecb->lpszPathTranslated, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return HSE_STATUS_ERROR;
    HSE_TF_INFO info = {0};
    info.pfnHseIO = transmitted;
    info.hFile = file;
    info.pszStatusCode = "200 OK";
    info.Offset = 2;
    info.pHead = "Content-Type: text/plain\r\nX-Transmit: yes\r\n\r\n";
    info.HeadLength = (DWORD)strlen(info.pHead);
    info.pTail = "<tail>";
    info.TailLength = 6;
    info.dwFlags = HSE_IO_ASYNC | HSE_IO_SEND_HEADERS;
    BOOL started = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_TRANSMIT_FILE, &info, NULL, NULL);
    CloseHandle(file);  /* the server has its own copy of the descriptor */
    return started ? HSE_STATUS_PENDING : HSE_STATUS_ERROR;
}

DWORD WINAPI HttpExtensionProc(EXTENSION_CONTROL_BLOCK *ecb) {
    const char *q = ecb->lpszQueryString;
    if (strcmp(q, "ecb") == 0 || strncmp(q, "ecb&", 4) == 0) return ecb_fields(ecb);
    if (strcmp(q, "read") == 0) return read_body(ecb);
    if (strcmp(q, "async-write") == 0) return async_write(ecb);
    if (strcmp(q, "async-read") == 0) return async_read_body(ecb);
    if (strcmp(q, "thread") == 0) return from_thread(ecb);
    if (strcmp(q, "map") == 0) return map_paths(ecb);
    if (strcmp(q, "keep") == 0) return keep_alive(ecb, FALSE);
    if (strcmp(q, "close") == 0) return keep_alive(ecb, TRUE);
    if (strcmp(q, "transmit") == 0) return transmit(ecb);
    if (strcmp(q, "redirect") == 0) {
        ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_SEND_URL_REDIRECT_RESP, "/elsewhere?x=1", NULL, NULL);
        return HSE_STATUS_SUCCESS;
    }
    if (strcmp(q, "error") == 0) return HSE_STATUS_ERROR;
    if (strcmp(q, "bad") == 0) return 99;
    if (strcmp(q, "no-headers") == 0) {
        write_text(ecb, "just a body");
        return HSE_STATUS_SUCCESS;
    }
    if (strcmp(q, "headers-body") == 0) {
        headers(ecb, "202 Accepted", "Content-Type: text/plain\r\nX-One: 1\r\nX-Frame-Options: DENY\r\n\r\nbody after headers;");
        write_text(ecb, "more");
        return HSE_STATUS_SUCCESS;
    }
    headers(ecb, "404 Not Found", "Content-Type: text/plain\r\n\r\n");
    write_text(ecb, "unknown probe");
    return HSE_STATUS_SUCCESS;
}
