// Follows the C++ example of the IIS documentation page "IHttpContext::GetServerVariable Method"
// (iis/web-development-reference/native-code-api-reference/ihttpcontext-getservervariable-method.md), comments shortened.
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
        HRESULT hr;
        PCSTR pszValue = NULL;
        DWORD cbValue = 0;
        IHttpResponse * pHttpResponse = pHttpContext->GetResponse();
        if (pHttpResponse != NULL)
        {
            pHttpContext->GetServerVariable("SERVER_NAME",&pszValue,&cbValue);
            pszValue = (PCSTR) pHttpContext->AllocateRequestMemory( cbValue + 1 );
            if (NULL == pszValue)
            {
                hr = HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
                pProvider->SetErrorStatus( hr );
                return RQ_NOTIFICATION_FINISH_REQUEST;
            }
            hr = pHttpContext->GetServerVariable("SERVER_NAME",&pszValue,&cbValue);
            if ((NULL != pszValue) && SUCCEEDED(hr))
            {
                pHttpContext->GetResponse()->Clear();
                pHttpContext->GetResponse()->SetHeader(
                    HttpHeaderContentType,"text/plain",
                    (USHORT)strlen("text/plain"),TRUE);
                WriteResponseMessage(pHttpContext,
                    "Server Name: ",pszValue);
                return RQ_NOTIFICATION_FINISH_REQUEST;
            }
        }
        return RQ_NOTIFICATION_CONTINUE;
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
        RQ_BEGIN_REQUEST,
        0
    );
}
