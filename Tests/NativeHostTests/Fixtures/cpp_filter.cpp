// A filter in C++: <httpfilt.h> declares the entry points extern "C", so they export unmangled.
#include <windows.h>
#include <httpfilt.h>
#include <string>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "C++ filter", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_ORDER_LOW;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc, DWORD NotificationType, LPVOID pvNotification)
{
    (void)NotificationType; (void)pvNotification;
    std::string header = "X-Cpp-Filter: " + std::to_string(sizeof(HTTP_FILTER_CONTEXT)) + "\r\n";
    pfc->AddResponseHeaders(pfc, const_cast<LPSTR>(header.c_str()), 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}
