// Copies the request header X-Echo into the response header X-Echo at BeginRequest, at HIGH
// priority (so it runs after FIRST modules and before MEDIUM ones in the same stage).
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

class CHeaderEcho : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* pHttpContext, IHttpEventProvider* pProvider) {
        USHORT cch = 0;
        PCSTR value = pHttpContext->GetRequest()->GetHeader("X-Echo", &cch);
        if (value != NULL) {
            HRESULT hr = pHttpContext->GetResponse()->SetHeader("X-Echo", value, cch, TRUE);
            if (FAILED(hr)) pProvider->SetErrorStatus(hr);
        }
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class CHeaderEchoFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = new CHeaderEcho;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* pModuleInfo, IHttpServer*) {
    HRESULT hr = pModuleInfo->SetRequestNotifications(new CHeaderEchoFactory, RQ_BEGIN_REQUEST, 0);
    if (FAILED(hr)) return hr;
    return pModuleInfo->SetPriorityForRequestNotification(RQ_BEGIN_REQUEST, PRIORITY_ALIAS_HIGH);
}
