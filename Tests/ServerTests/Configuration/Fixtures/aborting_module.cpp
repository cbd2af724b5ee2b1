// A module that calls abort() in OnBeginRequest for URLs under /abort; other requests pass.
#include <windows.h>
#include <httpserv.h>
#include <stdlib.h>
#include <string.h>

class CAborting : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* pHttpContext, IHttpEventProvider*) {
        PCSTR url = NULL;
        DWORD length = 0;
        if (SUCCEEDED(pHttpContext->GetServerVariable("URL", &url, &length)) && url != NULL && length >= 6
            && strncmp(url, "/abort", 6) == 0) {
            abort();
        }
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class CAbortingFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = new CAborting;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* pModuleInfo, IHttpServer*) {
    return pModuleInfo->SetRequestNotifications(new CAbortingFactory, RQ_BEGIN_REQUEST, 0);
}
