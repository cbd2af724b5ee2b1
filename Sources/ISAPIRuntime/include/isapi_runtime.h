/*
 * The host side of the native filter ABI: the thread-local state the Swift adapter shares with
 * SetLastError/GetLastError, and the entry-point types it calls through. Not for filters.
 */
#ifndef ISAPI_BRIDGE_RUNTIME_H
#define ISAPI_BRIDGE_RUNTIME_H

#include <windows.h>
#include <httpfilt.h>
#include <httpext.h>

/* Both live in the host executable (linked with it, never dlopen'ed): initial-exec TLS, so the
 * Swift adapter reads and writes them with a plain %fs-relative access on every notification. */
#define ISAPI_RUNTIME_TLS __attribute__((tls_model("initial-exec")))

/* The calling thread's last error (what SetLastError stored). */
extern _Thread_local DWORD isapi_runtime_last_error ISAPI_RUNTIME_TLS;

/* The innermost native filter call in progress on this thread (an opaque host object), or NULL.
 * Callbacks accept only the HTTP_FILTER_CONTEXT of that call. */
extern _Thread_local void *isapi_runtime_active_call ISAPI_RUNTIME_TLS;

static inline DWORD isapi_runtime_get_last_error(void) { return isapi_runtime_last_error; }
static inline void isapi_runtime_set_last_error(DWORD code) { isapi_runtime_last_error = code; }
static inline void *isapi_runtime_get_active_call(void) { return isapi_runtime_active_call; }
static inline void isapi_runtime_set_active_call(void *call) { isapi_runtime_active_call = call; }

/* The exported entry points, as the host calls them. */
typedef BOOL (*isapi_get_filter_version_function)(HTTP_FILTER_VERSION *version);
typedef DWORD (*isapi_http_filter_proc_function)(HTTP_FILTER_CONTEXT *context, DWORD notification, void *payload);
typedef BOOL (*isapi_terminate_filter_function)(DWORD flags);

/* Whether this process exports SetLastError/GetLastError where a dlopen'ed filter finds them
 * (RTLD_DEFAULT lookup resolves to the functions defined here). */
int isapi_runtime_exports_last_error(void);

/* A duplicate of the descriptor behind a file HANDLE of the Win32 layer (close it), or -1 with the
 * last error set (ERROR_INVALID_HANDLE for anything but an open file). */
int isapi_file_descriptor_duplicate(HANDLE file);

#include "isapi_native_call.h"

#endif /* ISAPI_BRIDGE_RUNTIME_H */
