/* A filter with a DllMain that logs every call, as do GetFilterVersion and TerminateFilter, so the
 * tests can check the order: attach once per library, before GetFilterVersion; detach after the last
 * TerminateFilter. */
#include <windows.h>
#include <httpfilt.h>

static char events[512];

__attribute__((visibility("default"))) const char *dll_main_events(void) { return events; }

static void note(const char *event) { strcat_s(events, sizeof events, event); }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    if (!instance || reserved) note("bad-arguments ");
    note(reason == DLL_PROCESS_ATTACH ? "attach " : reason == DLL_PROCESS_DETACH ? "detach " : "thread ");
    return TRUE;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *version) {
    note("version ");
    version->dwFilterVersion = HTTP_FILTER_REVISION;
    strcpy_s(version->lpszFilterDesc, SF_MAX_FILTER_DESC_LEN, "DllMain probe");
    version->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *context, DWORD notification, LPVOID payload) {
    (void)context; (void)notification; (void)payload;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD flags) {
    (void)flags;
    note("terminate ");
    return TRUE;
}
