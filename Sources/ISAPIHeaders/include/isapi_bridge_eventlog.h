/* isapi-bridge: the Windows event log calls that IIS documentation samples use
 * (RegisterEventSource / ReportEvent / DeregisterEventSource). There is no Event Viewer: each
 * ReportEvent writes one line to the host's standard error,
 *   isapi-bridge event [<source>] <type>: <string 1> | <string 2> ...
 * Included by windows.h; not a public header on its own.
 *
 * C sees the A (narrow) functions and the generic names map to them. C++ also gets the generic
 * names as overloads for char16_t (WCHAR, u"...") and wchar_t (L"...") strings, so samples written
 * for either character set compile unchanged. */
#ifndef ISAPI_BRIDGE_EVENTLOG_H
#define ISAPI_BRIDGE_EVENTLOG_H

#define EVENTLOG_SUCCESS          0x0000
#define EVENTLOG_ERROR_TYPE       0x0001
#define EVENTLOG_WARNING_TYPE     0x0002
#define EVENTLOG_INFORMATION_TYPE 0x0004
#define EVENTLOG_AUDIT_SUCCESS    0x0008
#define EVENTLOG_AUDIT_FAILURE    0x0010

static inline const char *isapi_bridge_event_type_name(WORD type) {
    switch (type) {
    case EVENTLOG_ERROR_TYPE: return "error";
    case EVENTLOG_WARNING_TYPE: return "warning";
    case EVENTLOG_AUDIT_SUCCESS: return "audit-success";
    case EVENTLOG_AUDIT_FAILURE: return "audit-failure";
    default: return "information";
    }
}

/* The handle is a malloc'ed copy of the source name (UTF-8). */
static inline HANDLE RegisterEventSourceA(LPCSTR lpUNCServerName, LPCSTR lpSourceName) {
    (void)lpUNCServerName;
    return (HANDLE)_strdup(lpSourceName ? lpSourceName : "");
}
static inline BOOL DeregisterEventSource(HANDLE hEventLog) {
    free(hEventLog);
    return TRUE;
}
static inline BOOL ReportEventA(HANDLE hEventLog, WORD wType, WORD wCategory, DWORD dwEventID, PSID lpUserSid,
                                WORD wNumStrings, DWORD dwDataSize, LPCSTR *lpStrings, LPVOID lpRawData) {
    (void)wCategory; (void)dwEventID; (void)lpUserSid; (void)dwDataSize; (void)lpRawData;
    if (!hEventLog) return FALSE;
    /* One fputs per event, so events from concurrent requests do not interleave (long lines are cut). */
    char line[2048];
    size_t used = (size_t)snprintf(line, sizeof line - 1, "isapi-bridge event [%s] %s:", (const char *)hEventLog,
                                   isapi_bridge_event_type_name(wType));
    for (WORD index = 0; index < wNumStrings && used < sizeof line - 1; index++) {
        used += (size_t)snprintf(line + used, sizeof line - 1 - used, "%s %s", index ? " |" : "",
                                 lpStrings && lpStrings[index] ? lpStrings[index] : "");
    }
    if (used > sizeof line - 2) used = sizeof line - 2;
    line[used] = '\n';
    line[used + 1] = '\0';
    fputs(line, stderr);
    return TRUE;
}

#ifdef __cplusplus
#include <string>

/* UTF-16 or UTF-32 (wchar_t) text as UTF-8, for the event line. */
template <typename Unit>
static inline std::string isapi_bridge_event_utf8(const Unit *text) {
    std::string out;
    for (size_t index = 0; text && text[index]; index++) {
        uint32_t code = (uint32_t)text[index];
        if (sizeof(Unit) == 2 && code >= 0xD800 && code < 0xDC00 && text[index + 1] >= 0xDC00 && text[index + 1] < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + ((uint32_t)text[++index] - 0xDC00);
        }
        if (code < 0x80) { out += (char)code; continue; }
        if (code < 0x800) { out += (char)(0xC0 | (code >> 6)); }
        else {
            if (code < 0x10000) { out += (char)(0xE0 | (code >> 12)); }
            else { out += (char)(0xF0 | (code >> 18)); out += (char)(0x80 | ((code >> 12) & 0x3F)); }
            out += (char)(0x80 | ((code >> 6) & 0x3F));
        }
        out += (char)(0x80 | (code & 0x3F));
    }
    return out;
}

template <typename Unit>
static inline BOOL isapi_bridge_report_event_wide(HANDLE hEventLog, WORD wType, WORD wCategory, DWORD dwEventID,
                                                  PSID lpUserSid, WORD wNumStrings, DWORD dwDataSize,
                                                  const Unit **lpStrings, LPVOID lpRawData) {
    std::string converted[64];
    LPCSTR narrow[64];
    WORD count = wNumStrings < 64 ? wNumStrings : 64;
    for (WORD index = 0; index < count; index++) {
        converted[index] = isapi_bridge_event_utf8(lpStrings ? lpStrings[index] : (const Unit *)0);
        narrow[index] = converted[index].c_str();
    }
    return ReportEventA(hEventLog, wType, wCategory, dwEventID, lpUserSid, count, dwDataSize, narrow, lpRawData);
}

static inline HANDLE RegisterEventSourceW(LPCWSTR server, LPCWSTR source) {
    (void)server;
    return RegisterEventSourceA(NULL, isapi_bridge_event_utf8(source).c_str());
}
static inline BOOL ReportEventW(HANDLE log, WORD type, WORD category, DWORD id, PSID sid, WORD count, DWORD size,
                                LPCWSTR *strings, LPVOID data) {
    return isapi_bridge_report_event_wide(log, type, category, id, sid, count, size, strings, data);
}

static inline HANDLE RegisterEventSource(LPCSTR server, LPCSTR source) { return RegisterEventSourceA(server, source); }
static inline HANDLE RegisterEventSource(LPCWSTR server, LPCWSTR source) { return RegisterEventSourceW(server, source); }
static inline HANDLE RegisterEventSource(const wchar_t *server, const wchar_t *source) {
    (void)server;
    return RegisterEventSourceA(NULL, isapi_bridge_event_utf8(source).c_str());
}
static inline BOOL ReportEvent(HANDLE log, WORD type, WORD category, DWORD id, PSID sid, WORD count, DWORD size,
                               LPCSTR *strings, LPVOID data) {
    return ReportEventA(log, type, category, id, sid, count, size, strings, data);
}
static inline BOOL ReportEvent(HANDLE log, WORD type, WORD category, DWORD id, PSID sid, WORD count, DWORD size,
                               LPCWSTR *strings, LPVOID data) {
    return ReportEventW(log, type, category, id, sid, count, size, strings, data);
}
static inline BOOL ReportEvent(HANDLE log, WORD type, WORD category, DWORD id, PSID sid, WORD count, DWORD size,
                               const wchar_t **strings, LPVOID data) {
    return isapi_bridge_report_event_wide(log, type, category, id, sid, count, size, strings, data);
}
#else
#define RegisterEventSource RegisterEventSourceA
#define ReportEvent ReportEventA
#endif

#endif /* ISAPI_BRIDGE_EVENTLOG_H */
