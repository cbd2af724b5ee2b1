/*
 * The per-thread record of the native call in progress, the crash report written from a fatal
 * signal handler, and the notification names both print. See isapi_native_call.h.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <httpfilt.h>
#include "isapi_native_call.h"

/* A record with a sequence number: odd while its owner writes it. */
typedef struct call_slot {
    _Atomic uint32_t sequence;
    isapi_native_call call;
} call_slot;

static call_slot slots[ISAPI_CALL_SLOTS];
static _Atomic int slots_used = 0;
/* Threads past ISAPI_CALL_SLOTS keep a private record: reported on a crash, unseen by the watchdog. */
static _Thread_local call_slot private_slot;
static _Thread_local call_slot *own_slot = NULL;

static call_slot *this_thread_slot(void) {
    if (own_slot == NULL) {
        int index = atomic_fetch_add(&slots_used, 1);
        own_slot = index < ISAPI_CALL_SLOTS ? &slots[index] : &private_slot;
    }
    return own_slot;
}

uint64_t isapi_call_now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void copy_text(char *to, size_t size, const char *from) {
    size_t length = from != NULL ? strnlen(from, size - 1) : 0;
    memcpy(to, from != NULL ? from : "", length);
    to[length] = 0;
}

static void store(call_slot *slot, const isapi_native_call *call) {
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_acq_rel);
    memcpy(&slot->call, call, sizeof *call);
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_release);
}

/* Runs around every call into native code (several per request), so it copies as little as it can:
 * the record it replaces only when a call is in progress (a nested call), and the new one's texts
 * straight into the slot (between the sequence steps) rather than through a local copy. */
void isapi_call_enter(const char *kind, const char *name, const char *notification, const char *url,
                      isapi_native_call *saved) {
    call_slot *slot = this_thread_slot();
    if (slot->call.started_ns != 0) memcpy(saved, &slot->call, sizeof *saved);
    else saved->started_ns = 0;
    uint64_t started = isapi_call_now_ns();
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_acq_rel);
    slot->call.started_ns = started;
    copy_text(slot->call.kind, sizeof slot->call.kind, kind);
    copy_text(slot->call.name, sizeof slot->call.name, name);
    copy_text(slot->call.notification, sizeof slot->call.notification, notification);
    /* A nested call (a callback raising another notification) serves the same request: the slot
     * keeps the outer call's URL. */
    if (url != NULL || saved->started_ns == 0) copy_text(slot->call.url, sizeof slot->call.url, url);
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_release);
}

/* Only `started_ns` tells a record in progress from an empty one: leaving the outermost call
 * clears that, not the texts. */
void isapi_call_leave(const isapi_native_call *saved) {
    call_slot *slot = this_thread_slot();
    if (saved->started_ns != 0) {
        store(slot, saved);
        return;
    }
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_acq_rel);
    slot->call.started_ns = 0;
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_release);
}

int isapi_call_slot_count(void) {
    int used = atomic_load(&slots_used);
    return used < ISAPI_CALL_SLOTS ? used : ISAPI_CALL_SLOTS;
}

int isapi_call_snapshot(int index, isapi_native_call *out) {
    if (index < 0 || index >= ISAPI_CALL_SLOTS) return 0;
    call_slot *slot = &slots[index];
    for (int attempt = 0; attempt < 100; attempt++) {
        uint32_t before = atomic_load_explicit(&slot->sequence, memory_order_acquire);
        if (before & 1) continue;
        memcpy(out, &slot->call, sizeof *out);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&slot->sequence, memory_order_relaxed) == before) return out->started_ns != 0;
    }
    return 0;
}

/* --- crash report (async-signal-safe: no allocation, no stdio, no locks) --- */

static int report_fd = -1;

static size_t append(char *line, size_t at, size_t size, const char *text) {
    while (*text && at + 1 < size) {
        char c = *text++;
        line[at++] = (c == '\n' || c == '\r') ? ' ' : c;
    }
    return at;
}

static size_t append_number(char *line, size_t at, size_t size, long value) {
    char digits[24];
    int count = 0;
    if (value < 0) { at = append(line, at, size, "-"); value = -value; }
    do { digits[count++] = (char)('0' + value % 10); value /= 10; } while (value > 0 && count < 23);
    while (count > 0 && at + 1 < size) line[at++] = digits[--count];
    return at;
}

static void crash_handler(int signal_number) {
    char line[512];
    size_t at = 0;
    const call_slot *slot = own_slot;
    at = append(line, at, sizeof line, "crash signal=");
    at = append_number(line, at, sizeof line, signal_number);
    if (slot != NULL && slot->call.started_ns != 0) {
        at = append(line, at, sizeof line, " kind=");
        at = append(line, at, sizeof line, slot->call.kind);
        at = append(line, at, sizeof line, " notification=");
        at = append(line, at, sizeof line, slot->call.notification);
        at = append(line, at, sizeof line, " name=");
        at = append(line, at, sizeof line, slot->call.name);
        at = append(line, at, sizeof line, "\turl=");
        at = append(line, at, sizeof line, slot->call.url);
    }
    line[at++] = '\n';
    if (report_fd >= 0) {
        size_t written = 0;
        while (written < at) {
            ssize_t n = write(report_fd, line + written, at - written);
            if (n <= 0) break;
            written += (size_t)n;
        }
    }
    /* SA_RESETHAND put the default action back: this raise ends the process by the same signal. */
    raise(signal_number);
}

void isapi_crash_report_install(int fd) {
    report_fd = fd;
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = crash_handler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(fatal[i], &action, NULL);
    }
}

const char *isapi_filter_notification_name(uint32_t bit) {
    switch (bit) {
    case SF_NOTIFY_READ_RAW_DATA: return "SF_NOTIFY_READ_RAW_DATA";
    case SF_NOTIFY_PREPROC_HEADERS: return "SF_NOTIFY_PREPROC_HEADERS";
    case SF_NOTIFY_AUTHENTICATION: return "SF_NOTIFY_AUTHENTICATION";
    case SF_NOTIFY_AUTH_COMPLETE: return "SF_NOTIFY_AUTH_COMPLETE";
    case SF_NOTIFY_URL_MAP: return "SF_NOTIFY_URL_MAP";
    case SF_NOTIFY_ACCESS_DENIED: return "SF_NOTIFY_ACCESS_DENIED";
    case SF_NOTIFY_SEND_RESPONSE: return "SF_NOTIFY_SEND_RESPONSE";
    case SF_NOTIFY_SEND_RAW_DATA: return "SF_NOTIFY_SEND_RAW_DATA";
    case SF_NOTIFY_LOG: return "SF_NOTIFY_LOG";
    case SF_NOTIFY_END_OF_REQUEST: return "SF_NOTIFY_END_OF_REQUEST";
    case SF_NOTIFY_END_OF_NET_SESSION: return "SF_NOTIFY_END_OF_NET_SESSION";
    default: return "SF_NOTIFY_?";
    }
}

const char *isapi_module_notification_name(uint32_t bit, int is_post) {
    /* The RQ_* values of httpserv.h. */
    switch (bit) {
    case 0x00000001: return is_post ? "OnPostBeginRequest" : "OnBeginRequest";
    case 0x00000002: return is_post ? "OnPostAuthenticateRequest" : "OnAuthenticateRequest";
    case 0x00000004: return is_post ? "OnPostAuthorizeRequest" : "OnAuthorizeRequest";
    case 0x00000008: return is_post ? "OnPostResolveRequestCache" : "OnResolveRequestCache";
    case 0x00000010: return is_post ? "OnPostMapRequestHandler" : "OnMapRequestHandler";
    case 0x00000020: return is_post ? "OnPostAcquireRequestState" : "OnAcquireRequestState";
    case 0x00000040: return is_post ? "OnPostPreExecuteRequestHandler" : "OnPreExecuteRequestHandler";
    case 0x00000080: return is_post ? "OnPostExecuteRequestHandler" : "OnExecuteRequestHandler";
    case 0x00000100: return is_post ? "OnPostReleaseRequestState" : "OnReleaseRequestState";
    case 0x00000200: return is_post ? "OnPostUpdateRequestCache" : "OnUpdateRequestCache";
    case 0x00000400: return is_post ? "OnPostLogRequest" : "OnLogRequest";
    case 0x00000800: return is_post ? "OnPostEndRequest" : "OnEndRequest";
    case 0x10000000: return "OnCustomRequestNotification";
    case 0x20000000: return "OnSendResponse";
    case 0x40000000: return "OnReadEntity";
    case 0x80000000: return "OnMapPath";
    default: return "On?";
    }
}
