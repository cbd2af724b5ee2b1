// Follows the C++ example of the IIS documentation page "IHttpRequest::SetUrl Method"
// (iis/web-development-reference/native-code-api-reference/ihttprequest-seturl-method.md), comments shortened.
// Compiled unchanged with: c++ -shared -fPIC $(isapi-bridge cflags)
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

class MyHttpModule : public CHttpModule
{
public:
    REQUEST_NOTIFICATION_STATUS
    OnBeginRequest(
        IN IHttpContext * pHttpContext,
        IN IHttpEventProvider * pProvider
    )
    {
        HRESULT hr;
        IHttpRequest * pHttpRequest = pHttpContext->GetRequest();
        if (pHttpRequest != NULL)
        {
            PCSTR pszBuffer = "/example/default.aspx";
            hr = pHttpRequest->SetUrl(
                pszBuffer,(DWORD)strlen(pszBuffer),true);
            if (FAILED(hr))
            {
                pProvider->SetErrorStatus( hr );
                return RQ_NOTIFICATION_FINISH_REQUEST;
            }
        }
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class MyHttpModuleFactory : public IHttpModuleFactory
{
public:
    HRESULT GetHttpModule(OUT CHttpModule ** ppModule, IN IModuleAllocator * pAllocator)
    {
        UNREFERENCED_PARAMETER( pAllocator );
        MyHttpModule * pModule = new MyHttpModule;
        if (!pModule)
        {
            return HRESULT_FROM_WIN32( ERROR_NOT_ENOUGH_MEMORY );
        }
        else
        {
            *ppModule = pModule;
            pModule = NULL;
            return S_OK;
        }
    }

    void Terminate()
    {
        delete this;
    }
};

HRESULT
__stdcall
RegisterModule(
    DWORD dwServerVersion,
    IHttpModuleRegistrationInfo * pModuleInfo,
    IHttpServer * pGlobalInfo
)
{
    UNREFERENCED_PARAMETER( dwServerVersion );
    UNREFERENCED_PARAMETER( pGlobalInfo );
    return pModuleInfo->SetRequestNotifications(
        new MyHttpModuleFactory,
        RQ_BEGIN_REQUEST,
        0
    );
}
