/*
 * What native code each thread is running, for the worker process's crash report and watchdog.
 *
 * The Swift adapters enter a record before every call into a filter or module and leave it after.
 * A fatal signal on that thread (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) writes the record as one
 * line to the report descriptor from an async-signal-safe handler, then dies by the same signal.
 * The watchdog reads every thread's record (a sequence lock, no allocation) to find calls that
 * have run too long.
 */
#ifndef ISAPI_BRIDGE_NATIVE_CALL_H
#define ISAPI_BRIDGE_NATIVE_CALL_H

#include <stddef.h>
#include <stdint.h>

/* One call into native code. Strings are copied (truncated) so the record outlives its caller. */
typedef struct isapi_native_call {
    uint64_t started_ns; /* CLOCK_MONOTONIC; 0: no call in progress */
    char kind[12];       /* "filter", "module" or "extension" */
    char name[64];
    char notification[40];
    char url[160];
} isapi_native_call;

/* Records a call on this thread; what it replaces is copied to `saved` for isapi_call_leave. */
void isapi_call_enter(const char *kind, const char *name, const char *notification, const char *url,
                      isapi_native_call *saved);
/* Restores what isapi_call_enter replaced. */
void isapi_call_leave(const isapi_native_call *saved);

/* Threads with a record slot the watchdog can see (at most ISAPI_CALL_SLOTS). */
#define ISAPI_CALL_SLOTS 512
int isapi_call_slot_count(void);
/* A consistent copy of slot `index`; returns 0 when it holds no call in progress. */
int isapi_call_snapshot(int index, isapi_native_call *out);
uint64_t isapi_call_now_ns(void);

/* Installs the fatal-signal handlers that write "crash signal=N kind=... name=... notification=...
 * url=...\n" to `fd` (the supervisor's report pipe), then re-raise with the default action. */
void isapi_crash_report_install(int fd);

/* The SF_NOTIFY_* name of one notification bit, or "SF_NOTIFY_?". */
const char *isapi_filter_notification_name(uint32_t bit);
/* The CHttpModule method for one RQ_* bit ("OnBeginRequest", "OnPostBeginRequest"), or "On?". */
const char *isapi_module_notification_name(uint32_t bit, int is_post);

#endif /* ISAPI_BRIDGE_NATIVE_CALL_H */
