// TraceContainer: a GL_TRACE_EVENT global module that keeps a per-request IHttpStoredContext in the
// request's IHttpModuleContextContainer, counting the trace events it saw. The host never raises
// GL_TRACE_EVENT, so the module only loads; it exists to compile the headers trace and cache modules
// include (tchar.h, initguid.h, httptrace.h, httpcach.h) and the wide-string helpers they use
// (std::wstring with wcstombs_s, _tcslen).
#pragma warning(disable : 4290)
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <tchar.h>
#include <initguid.h>
#include <httptrace.h>
#include <httpserv.h>
#include <httpcach.h>

#include <string>

/// Narrow copy of a wchar_t string (as a module would log a trace provider's name).
static std::string narrowCopy(const std::wstring& wide) {
    std::string narrow(wide.size() + 1, '\0');
    size_t converted = 0;
    if (wcstombs_s(&converted, &narrow[0], narrow.size(), wide.c_str(), wide.size()) != 0) return std::string();
    narrow.resize(converted > 0 ? converted - 1 : 0);
    return narrow;
}

class TraceCount : public IHttpStoredContext {
public:
    explicit TraceCount(const std::string& origin) : origin_(origin), events_(0) {}
    void seen() { events_++; }
    VOID CleanupStoredContext() { delete this; }

private:
    std::string origin_;
    unsigned events_;
};

class TraceContainer : public CGlobalModule {
public:
    explicit TraceContainer(HTTP_MODULE_ID id) : id_(id) {}

    GLOBAL_NOTIFICATION_STATUS OnGlobalTraceEvent(IGlobalTraceEventProvider* provider) {
        IHttpContext* context = NULL;
        if (provider == NULL || FAILED(provider->GetCurrentHttpRequestContext(&context)) || context == NULL) {
            return GL_NOTIFICATION_CONTINUE;
        }
        IHttpModuleContextContainer* container = context->GetModuleContextContainer();
        if (container == NULL) return GL_NOTIFICATION_CONTINUE;
        TraceCount* count = dynamic_cast<TraceCount*>(container->GetModuleContext(id_));
        if (count == NULL) {
            const TCHAR origin[] = _T("trace");
            count = new TraceCount(narrowCopy(std::wstring(L"container:")) + std::string(origin, _tcslen(origin)));
            if (FAILED(container->SetModuleContext(count, id_))) {
                delete count;
                return GL_NOTIFICATION_CONTINUE;
            }
        }
        count->seen();
        return GL_NOTIFICATION_CONTINUE;
    }

    VOID Terminate() { delete this; }

private:
    HTTP_MODULE_ID id_;
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    HTTP_MODULE_ID id = info->GetId();
    if (id == NULL) return E_INVALIDARG;
    return info->SetGlobalNotifications(new TraceContainer(id), GL_TRACE_EVENT);
}
