/* An ISAPI extension for the pool-mode and VECTOR_SEND tests. Its query string picks:
 *   ?block      waits until ext_pool_release(1) (counted in ext_pool_waiting()), then answers "released"
 *   ?hello      answers "hello" (and whether it ran on the thread that loaded it: X-Thread)
 *   ?flood=N    HSE_REQ_SET_FLUSH_FLAG, then N MiB with synchronous WriteClient in 64 KiB pieces of
 *               'x'; ext_pool_written() counts the bytes WriteClient accepted
 *   ?vector     HSE_REQ_VECTOR_SEND with headers, two memory elements and a file range (the file
 *               the URL /vector.txt maps to, bytes 2..5), synchronous
 *   ?vector-async  the same with HSE_IO_ASYNC; the completion writes "bytes=N" and ends the session
 *   ?vector-bad    status without HSE_IO_SEND_HEADERS, then a zero-size memory element: both refused
 *   ?exec       HSE_REQ_EXEC_URL: FALSE with ERROR_NOT_SUPPORTED */
#include <windows.h>
#include <httpext.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_t loader_thread;
static atomic_int released;
static atomic_int waiting;
static atomic_long written;

void ext_pool_release(int value) { atomic_store(&released, value); }
int ext_pool_waiting(void) { return atomic_load(&waiting); }
long ext_pool_written(void) { return atomic_load(&written); }
void ext_pool_reset(void) { atomic_store(&written, 0); atomic_store(&waiting, 0); }

BOOL WINAPI GetExtensionVersion(HSE_VERSION_INFO *version) {
    loader_thread = pthread_self();
    version->dwExtensionVersion = MAKELONG(0, 8);
    strcpy_s(version->lpszExtensionDesc, HSE_MAX_EXT_DLL_NAME_LEN, "pool probe");
    return TRUE;
}

static BOOL text(EXTENSION_CONTROL_BLOCK *ecb, const char *status, const char *body) {
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_SEND_RESPONSE_HEADER, (LPVOID)status, NULL,
                               (LPDWORD)"Content-Type: text/plain\r\n\r\n");
    DWORD length = (DWORD)strlen(body);
    return ecb->WriteClient(ecb->ConnID, (LPVOID)body, &length, 0);
}

static DWORD block(EXTENSION_CONTROL_BLOCK *ecb) {
    atomic_fetch_add(&waiting, 1);
    while (!atomic_load(&released)) usleep(1000);
    atomic_fetch_sub(&waiting, 1);
    text(ecb, "200 OK", "released");
    return HSE_STATUS_SUCCESS;
}

static DWORD flood(EXTENSION_CONTROL_BLOCK *ecb, long mebibytes) {
    static char piece[65536];
    memset(piece, 'x', sizeof piece);
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_SET_FLUSH_FLAG, (LPVOID)1, NULL, NULL);
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_SEND_RESPONSE_HEADER, "200 OK", NULL,
                               (LPDWORD)"Content-Type: application/octet-stream\r\n\r\n");
    for (long i = 0; i < mebibytes * 16; i++) {
        DWORD length = sizeof piece;
        if (!ecb->WriteClient(ecb->ConnID, piece, &length, 0)) return HSE_STATUS_ERROR;
        atomic_fetch_add(&written, length);
    }
    return HSE_STATUS_SUCCESS;
}

typedef struct { HANDLE file; char *first, *second; } vector_state;

/* The elements: "<a>", bytes 2..5 of the mapped file, "</a>" (from offset 1 of "x</a>"). */
static BOOL vector(EXTENSION_CONTROL_BLOCK *ecb, DWORD flags, vector_state *state) {
    char path[MAX_PATH];
    DWORD size = sizeof path;
    strcpy(path, "/vector.txt");
    if (!ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_MAP_URL_TO_PATH, path, &size, NULL)) return FALSE;
    state->file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (state->file == INVALID_HANDLE_VALUE) return FALSE;
    state->first = strdup("<a>");
    state->second = strdup("x</a>");
    HSE_VECTOR_ELEMENT elements[3] = {
        { HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER, state->first, 0, 3 },
        { HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE, state->file, 2, 4 },
        { HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER, state->second, 1, 4 },
    };
    HSE_RESPONSE_VECTOR response = { flags | HSE_IO_SEND_HEADERS, "200 OK",
                                     "Content-Type: text/plain\r\nX-Vector: yes\r\n\r\n", 3, elements };
    return ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_VECTOR_SEND, &response, NULL, NULL);
}

static void release_vector(vector_state *state) {
    if (state->file != NULL && state->file != INVALID_HANDLE_VALUE) CloseHandle(state->file);
    free(state->first);
    free(state->second);
    free(state);
}

static VOID WINAPI vector_sent(EXTENSION_CONTROL_BLOCK *ecb, PVOID context, DWORD bytes, DWORD error) {
    release_vector(context);
    char tail[64];
    snprintf(tail, sizeof tail, "|bytes=%u error=%u", (unsigned)bytes, (unsigned)error);
    DWORD length = (DWORD)strlen(tail);
    ecb->WriteClient(ecb->ConnID, tail, &length, 0);
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_DONE_WITH_SESSION, NULL, NULL, NULL);
}

static DWORD vector_sync(EXTENSION_CONTROL_BLOCK *ecb) {
    vector_state *state = calloc(1, sizeof *state);
    BOOL sent = vector(ecb, HSE_IO_SYNC | HSE_IO_FINAL_SEND, state);
    release_vector(state);  /* the server copied or duplicated everything it needs */
    return sent ? HSE_STATUS_SUCCESS : HSE_STATUS_ERROR;
}

static DWORD vector_async(EXTENSION_CONTROL_BLOCK *ecb) {
    vector_state *state = calloc(1, sizeof *state);
    ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_IO_COMPLETION, (LPVOID)vector_sent, NULL, (LPDWORD)state);
    if (!vector(ecb, HSE_IO_ASYNC, state)) return HSE_STATUS_ERROR;
    return HSE_STATUS_PENDING;
}

static DWORD vector_bad(EXTENSION_CONTROL_BLOCK *ecb) {
    HSE_VECTOR_ELEMENT empty = { HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER, "x", 0, 0 };
    HSE_RESPONSE_VECTOR status_only = { HSE_IO_SYNC, "200 OK", NULL, 0, NULL };
    BOOL first = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_VECTOR_SEND, &status_only, NULL, NULL);
    DWORD first_error = GetLastError();
    HSE_RESPONSE_VECTOR zero = { HSE_IO_SYNC, NULL, NULL, 1, &empty };
    BOOL second = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_VECTOR_SEND, &zero, NULL, NULL);
    DWORD second_error = GetLastError();
    char body[96];
    snprintf(body, sizeof body, "headers-without-flag=%d/%u zero-size=%d/%u", first, (unsigned)first_error, second,
             (unsigned)second_error);
    text(ecb, "200 OK", body);
    return HSE_STATUS_SUCCESS;
}

static DWORD exec_url(EXTENSION_CONTROL_BLOCK *ecb) {
    HSE_EXEC_URL_INFO info = { "/other.txt", "GET", NULL, NULL, NULL, 0 };
    BOOL executed = ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_EXEC_URL, &info, NULL, NULL);
    DWORD error = GetLastError();
    char body[64];
    snprintf(body, sizeof body, "exec=%d/%u", executed, (unsigned)error);
    text(ecb, "200 OK", body);
    return HSE_STATUS_SUCCESS;
}

DWORD WINAPI HttpExtensionProc(EXTENSION_CONTROL_BLOCK *ecb) {
    const char *q = ecb->lpszQueryString;
    if (strcmp(q, "block") == 0) return block(ecb);
    if (strcmp(q, "hello") == 0) {
        char header[64];
        snprintf(header, sizeof header, "Content-Type: text/plain\r\nX-Thread: %s\r\n\r\n",
                 pthread_equal(pthread_self(), loader_thread) ? "loader" : "other");
        ecb->ServerSupportFunction(ecb->ConnID, HSE_REQ_SEND_RESPONSE_HEADER, "200 OK", NULL, (LPDWORD)header);
        DWORD length = 5;
        ecb->WriteClient(ecb->ConnID, "hello", &length, 0);
        return HSE_STATUS_SUCCESS;
    }
    if (strncmp(q, "flood=", 6) == 0) return flood(ecb, atol(q + 6));
    if (strcmp(q, "vector") == 0) return vector_sync(ecb);
    if (strcmp(q, "vector-async") == 0) return vector_async(ecb);
    if (strcmp(q, "vector-bad") == 0) return vector_bad(ecb);
    if (strcmp(q, "exec") == 0) return exec_url(ecb);
    return HSE_STATUS_ERROR;
}
