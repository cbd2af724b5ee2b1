// EventLogProbe: reports to the Windows event log (here: lines on standard error) from both kinds
// of module one RegisterModule can register.
//   global module, GL_PRE_BEGIN_REQUEST: "pre-begin-request" (narrow strings, ReportEventA's form)
//   request module, RQ_SEND_RESPONSE:     "send-response" (UTF-16 strings, u"...": WCHAR is char16_t
//                                          here, so a Windows L"..." literal is written u"...")
// Both report under the source name "ProbeLog" with EVENTLOG_INFORMATION_TYPE.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

class PreBeginLogger : public CGlobalModule {
public:
    PreBeginLogger() : log_(RegisterEventSource(NULL, "ProbeLog")) {}

    GLOBAL_NOTIFICATION_STATUS OnGlobalPreBeginRequest(IPreBeginRequestProvider*) {
        LPCSTR strings[] = {"pre-begin-request"};
        if (log_ != NULL) ReportEvent(log_, EVENTLOG_INFORMATION_TYPE, 0, 0, NULL, 1, 0, strings, NULL);
        return GL_NOTIFICATION_CONTINUE;
    }

    VOID Terminate() {
        if (log_ != NULL) DeregisterEventSource(log_);
        delete this;
    }

private:
    HANDLE log_;
};

class SendResponseLogger : public CHttpModule {
public:
    SendResponseLogger() : log_(RegisterEventSource(NULL, u"ProbeLog")) {}
    ~SendResponseLogger() {
        if (log_ != NULL) DeregisterEventSource(log_);
    }

    REQUEST_NOTIFICATION_STATUS OnSendResponse(IHttpContext*, ISendResponseProvider*) {
        LPCWSTR strings[] = {u"send-response"};
        if (log_ != NULL) ReportEvent(log_, EVENTLOG_INFORMATION_TYPE, 0, 0, NULL, 1, 0, strings, NULL);
        return RQ_NOTIFICATION_CONTINUE;
    }

private:
    HANDLE log_;
};

class SendResponseLoggerFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new SendResponseLogger;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    HRESULT hr = info->SetGlobalNotifications(new PreBeginLogger, GL_PRE_BEGIN_REQUEST);
    if (FAILED(hr)) return hr;
    return info->SetRequestNotifications(new SendResponseLoggerFactory, RQ_SEND_RESPONSE, 0);
}
