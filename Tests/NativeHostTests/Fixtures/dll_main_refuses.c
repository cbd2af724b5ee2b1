/* A filter whose DllMain refuses DLL_PROCESS_ATTACH: GetFilterVersion must never run. */
#include <windows.h>
#include <httpfilt.h>

static char events[128];

__attribute__((visibility("default"))) const char *dll_main_events(void) { return events; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance; (void)reserved;
    strcat_s(events, sizeof events, reason == DLL_PROCESS_ATTACH ? "attach " : "detach ");
    return reason != DLL_PROCESS_ATTACH;
}

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *version) {
    strcat_s(events, sizeof events, "version ");
    version->dwFilterVersion = HTTP_FILTER_REVISION;
    version->dwFlags = SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *context, DWORD notification, LPVOID payload) {
    (void)context; (void)notification; (void)payload;
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
