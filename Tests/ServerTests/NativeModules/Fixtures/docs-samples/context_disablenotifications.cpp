// Follows the C++ example of the IIS documentation page "IHttpContext::DisableNotifications Method"
// (iis/web-development-reference/native-code-api-reference/ihttpcontext-disablenotifications-method.md), comments shortened.
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
        UNREFERENCED_PARAMETER( pProvider );
        pHttpContext->GetResponse()->Clear();
        pHttpContext->GetResponse()->SetHeader(
            HttpHeaderContentType,"text/plain",
            (USHORT)strlen("text/plain"),TRUE);
        WriteResponseMessage(pHttpContext,"\nNotification: ","OnBeginRequest");

        DWORD cbSent = 0;
        pHttpContext->GetResponse()->Flush(false,true,&cbSent,NULL);
        pHttpContext->DisableNotifications(RQ_BEGIN_REQUEST, 0);
        return RQ_NOTIFICATION_CONTINUE;
    }

    REQUEST_NOTIFICATION_STATUS
    OnPostBeginRequest(
        IN IHttpContext * pHttpContext,
        IN IHttpEventProvider * pProvider
    )
    {
        UNREFERENCED_PARAMETER( pProvider );
        WriteResponseMessage(pHttpContext,"\nNotification: ","OnPostBeginRequest");
        return RQ_NOTIFICATION_CONTINUE;
    }

    REQUEST_NOTIFICATION_STATUS
    OnAcquireRequestState(
        IN IHttpContext * pHttpContext,
        IN IHttpEventProvider * pProvider
    )
    {
        UNREFERENCED_PARAMETER( pProvider );
        WriteResponseMessage(pHttpContext,"\nNotification: ","OnAcquireRequestState");
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }

private:
    HRESULT WriteResponseMessage(
        IHttpContext * pHttpContext,
        PCSTR pszName,
        PCSTR pszValue
    )
    {
        HRESULT hr;
        HTTP_DATA_CHUNK dataChunk;
        dataChunk.DataChunkType = HttpDataChunkFromMemory;
        DWORD cbSent;

        dataChunk.FromMemory.pBuffer = (PVOID) pszName;
        dataChunk.FromMemory.BufferLength = (USHORT) strlen(pszName);
        hr = pHttpContext->GetResponse()->WriteEntityChunks(&dataChunk,1,FALSE,TRUE,&cbSent);
        if (FAILED(hr))
        {
            return hr;
        }

        dataChunk.FromMemory.pBuffer = (PVOID) pszValue;
        dataChunk.FromMemory.BufferLength = (USHORT) strlen(pszValue);
        hr = pHttpContext->GetResponse()->WriteEntityChunks(&dataChunk,1,FALSE,TRUE,&cbSent);
        if (FAILED(hr))
        {
            return hr;
        }
        return S_OK;
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
        RQ_BEGIN_REQUEST | RQ_ACQUIRE_REQUEST_STATE,
        RQ_BEGIN_REQUEST
    );
}
