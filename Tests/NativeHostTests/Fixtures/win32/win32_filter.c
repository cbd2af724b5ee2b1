/*
 * A filter written as Windows code is: its settings in the registry, a named mutex around a log
 * file it appends to with CreateFile/WriteFile, DllMain-free start-up in GetFilterVersion.
 * Every request: "X-Greeting: <registry Greeting>" and "X-Log-Size: <bytes in the log after this
 * request's line>" on the response, the URL appended to the log.
 */
#include <windows.h>
#include <httpfilt.h>

static HANDLE log_mutex = NULL;
static char greeting[128];
static char log_path[MAX_PATH];

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer) {
    HKEY key;
    DWORD size = sizeof greeting, type;
    LSTATUS status = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\IsapiBridgeTest\\Win32Filter", 0, KEY_READ, &key);
    if (status != ERROR_SUCCESS) { SetLastError((DWORD)status); return FALSE; }
    status = RegQueryValueExA(key, "Greeting", NULL, &type, (LPBYTE)greeting, &size);
    if (status == ERROR_SUCCESS) {
        size = sizeof log_path;
        status = RegQueryValueExA(key, "LogFile", NULL, &type, (LPBYTE)log_path, &size);
    }
    RegCloseKey(key);
    if (status != ERROR_SUCCESS) { SetLastError((DWORD)status); return FALSE; }
    log_mutex = CreateMutexA(NULL, FALSE, "Global\\isapi-bridge-win32-filter-log");
    if (log_mutex == NULL) return FALSE;
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "Win32 porting layer filter (isapi-bridge test)", SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}

DWORD WINAPI HttpFilterProc(HTTP_FILTER_CONTEXT *pfc, DWORD notificationType, LPVOID pvNotification) {
    HTTP_FILTER_PREPROC_HEADERS *headers = (HTTP_FILTER_PREPROC_HEADERS *)pvNotification;
    char url[512];
    DWORD url_size = sizeof url - 1;
    if (notificationType != SF_NOTIFY_PREPROC_HEADERS || !headers->GetHeader(pfc, "url", url, &url_size)) {
        return SF_STATUS_REQ_NEXT_NOTIFICATION;
    }
    DWORD log_size = 0;
    if (WaitForSingleObject(log_mutex, INFINITE) != WAIT_OBJECT_0) return SF_STATUS_REQ_ERROR;
    HANDLE file = CreateFileA(log_path, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file != INVALID_HANDLE_VALUE) {
        DWORD written;
        SetFilePointer(file, 0, NULL, FILE_END);
        lstrcatA(url, "\n");
        WriteFile(file, url, (DWORD)lstrlenA(url), &written, NULL);
        log_size = GetFileSize(file, NULL);
        CloseHandle(file);
    }
    ReleaseMutex(log_mutex);
    if (file == INVALID_HANDLE_VALUE) return SF_STATUS_REQ_ERROR; /* the last error says why */
    char lines[256];
    wsprintfA(lines, "X-Greeting: %s\r\nX-Log-Size: %u\r\n", greeting, (unsigned)log_size);
    pfc->AddResponseHeaders(pfc, lines, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

BOOL WINAPI TerminateFilter(DWORD dwFlags) {
    (void)dwFlags;
    CloseHandle(log_mutex);
    return TRUE;
}
