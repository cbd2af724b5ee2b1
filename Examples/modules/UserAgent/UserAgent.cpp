// The documented IHttpContext::AllocateRequestMemory behaviour: at BeginRequest, one request-pool
// allocation of strlen(User-Agent)+1 bytes when the header is present; nothing visible on the wire.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

class CUserAgentModule : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IN IHttpContext* pHttpContext, IN IHttpEventProvider* pProvider) {
        IHttpRequest* pHttpRequest = pHttpContext->GetRequest();
        if (pHttpRequest != NULL) {
            USHORT cchUserAgent;
            PCSTR pszUserAgent = pHttpRequest->GetHeader("User-Agent", &cchUserAgent);
            if (cchUserAgent > 0) {
                pszUserAgent = (PCSTR)pHttpContext->AllocateRequestMemory(cchUserAgent + 1);
                if (pszUserAgent == NULL) {
                    pProvider->SetErrorStatus(HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY));
                    return RQ_NOTIFICATION_FINISH_REQUEST;
                }
                // As in the sample: the buffer is never filled; the pointer is replaced.
                pszUserAgent = pHttpRequest->GetHeader("User-Agent", &cchUserAgent);
            }
            UNREFERENCED_PARAMETER(pszUserAgent);
        }
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class CUserAgentFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(OUT CHttpModule** ppModule, IN IModuleAllocator* pAllocator) {
        UNREFERENCED_PARAMETER(pAllocator);
        CUserAgentModule* pModule = new CUserAgentModule;
        if (!pModule) return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
        *ppModule = pModule;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD dwServerVersion, IHttpModuleRegistrationInfo* pModuleInfo,
                                 IHttpServer* pGlobalInfo) {
    UNREFERENCED_PARAMETER(dwServerVersion);
    UNREFERENCED_PARAMETER(pGlobalInfo);
    return pModuleInfo->SetRequestNotifications(new CUserAgentFactory, RQ_BEGIN_REQUEST, 0);
}
