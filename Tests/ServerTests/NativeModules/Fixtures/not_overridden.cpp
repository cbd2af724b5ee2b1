// Subscribes to BeginRequest and AuthenticateRequest but overrides only OnBeginRequest.
#include <windows.h>
#include <httpserv.h>

class CHalfModule : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext*, IHttpEventProvider*) { return RQ_NOTIFICATION_CONTINUE; }
};

class CHalfFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = new CHalfModule;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* pModuleInfo, IHttpServer*) {
    return pModuleInfo->SetRequestNotifications(new CHalfFactory, RQ_BEGIN_REQUEST | RQ_AUTHENTICATE_REQUEST, 0);
}
