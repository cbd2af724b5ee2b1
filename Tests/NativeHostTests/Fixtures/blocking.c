/* A filter that blocks, for the pool-mode tests. In SF_NOTIFY_PREPROC_HEADERS it keeps a
 * per-connection block from AllocMem (in pFilterContext) with a magic and a request counter, sleeps
 * 100 ms when the URL starts with /sleep, and reports what its callbacks see: X-Conn-Count (the
 * block's counter), X-Seen (method, URL, a request header, a server variable), X-Thread (whether
 * it ran on the thread that loaded it). END_OF_NET_SESSION checks the block and counts it in
 * blocking_sessions_intact(). A URL starting with /wait blocks until blocking_release(1). /flood
 * answers itself: a response head, then 64 MiB of 'y' with synchronous WriteClient in 64 KiB pieces
 * (blocking_written() counts what WriteClient accepted), and SF_STATUS_REQ_FINISHED. */
#include <windows.h>
#include <httpfilt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define MAGIC 0x5AFEB10Cu

typedef struct { unsigned magic; unsigned requests; } session_block;

static pthread_t loader_thread;
static atomic_int sessions_intact;
static atomic_int requests_seen;
static atomic_int released;
static atomic_int waiting;
static atomic_long written;

void blocking_release(int value) { atomic_store(&released, value); }
int blocking_waiting(void) { return atomic_load(&waiting); }

int blocking_sessions_intact(void) { return atomic_load(&sessions_intact); }
int blocking_requests_seen(void) { return atomic_load(&requests_seen); }
long blocking_written(void) { return atomic_load(&written); }

static DWORD flood(HTTP_FILTER_CONTEXT *context) {
    static char piece[65536];
    memset(piece, 'y', sizeof piece);
    atomic_store(&written, 0);
    const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
    DWORD length = (DWORD)strlen(head);
    if (!context->WriteClient(context, (LPVOID)head, &length, 0)) return SF_STATUS_REQ_ERROR;
    for (int i = 0; i < 64 * 16; i++) {
        length = sizeof piece;
        if (!context->WriteClient(context, piece, &length, 0)) return SF_STATUS_REQ_ERROR;
        atomic_fetch_add(&written, length);
    }
    return SF_STATUS_REQ_FINISHED;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *version) {
    loader_thread = pthread_self();
    version->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy_s(version->lpszFilterDesc, SF_MAX_FILTER_DESC_LEN, "blocking");
    version->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_END_OF_NET_SESSION;
    return TRUE;
}

static DWORD preproc(HTTP_FILTER_CONTEXT *context, HTTP_FILTER_PREPROC_HEADERS *headers) {
    session_block *block = (session_block *)context->pFilterContext;
    if (block == NULL) {
        block = (session_block *)context->AllocMem(context, sizeof *block, 0);
        if (block == NULL) return SF_STATUS_REQ_ERROR;
        block->magic = MAGIC;
        context->pFilterContext = block;
    }
    if (block->magic != MAGIC) return SF_STATUS_REQ_ERROR;
    block->requests++;
    atomic_fetch_add(&requests_seen, 1);
    char url[512], method[32], agent[128], port[32];
    DWORD length = sizeof url;
    if (!headers->GetHeader(context, "url", url, &length)) return SF_STATUS_REQ_ERROR;
    length = sizeof method;
    if (!headers->GetHeader(context, "method", method, &length)) return SF_STATUS_REQ_ERROR;
    length = sizeof agent;
    if (!headers->GetHeader(context, "X-Probe:", agent, &length)) strcpy_s(agent, sizeof agent, "-");
    length = sizeof port;
    if (!context->GetServerVariable(context, "SERVER_PORT", port, &length)) return SF_STATUS_REQ_ERROR;
    if (strncmp(url, "/sleep", 6) == 0) {
        struct timespec pause = { 0, 100 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    if (strncmp(url, "/flood", 6) == 0) return flood(context);
    if (strncmp(url, "/wait", 5) == 0) {
        atomic_fetch_add(&waiting, 1);
        struct timespec pause = { 0, 1000 * 1000 };
        while (!atomic_load(&released)) nanosleep(&pause, NULL);
        atomic_fetch_sub(&waiting, 1);
    }
    headers->SetHeader(context, "X-Filtered:", "blocking");
    char line[800];
    sprintf_s(line, sizeof line, "X-Conn-Count: %u\r\nX-Seen: %s %s %s %s\r\nX-Thread: %s\r\n", block->requests, method,
              url, agent, port[0] ? "port" : "none", pthread_equal(pthread_self(), loader_thread) ? "loader" : "other");
    context->AddResponseHeaders(context, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *context, DWORD notification, LPVOID payload) {
    switch (notification) {
    case SF_NOTIFY_PREPROC_HEADERS:
        return preproc(context, (HTTP_FILTER_PREPROC_HEADERS *)payload);
    case SF_NOTIFY_END_OF_NET_SESSION: {
        session_block *block = (session_block *)context->pFilterContext;
        if (block != NULL && block->magic == MAGIC) atomic_fetch_add(&sessions_intact, 1);
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    default:
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
}
