// Follows the C++ example of the IIS documentation page "IHttpResponse::SetStatus Method (the IHttpResponseGetStatus example)"
// (iis/web-development-reference/native-code-api-reference/ihttpresponse-setstatus-method.md), comments shortened.
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
        USHORT uStatusCode;
        USHORT uSubStatus;
        PCSTR  pszReason;
        USHORT chReason;
        PCWSTR pszModule;
        DWORD  pdwNotification;
        HRESULT hr;

        IHttpResponse * pHttpResponse = pHttpContext->GetResponse();
        if (pHttpResponse != NULL)
        {
            pHttpResponse->GetStatus(
                &uStatusCode,&uSubStatus,&pszReason,&chReason,
                &hr,&pszModule,&pdwNotification,NULL);
            if (NULL != pszReason)
            {
                pHttpContext->GetResponse()->Clear();
                pHttpContext->GetResponse()->SetHeader(
                    HttpHeaderContentType,"text/plain",
                    (USHORT)strlen("text/plain"),TRUE);
                char szBuffer[256];
                sprintf_s(szBuffer,255,"%u.%u %s",
                    uStatusCode,uSubStatus,pszReason);
                WriteResponseMessage(pHttpContext,"HTTP Status: ",szBuffer);

                uStatusCode = 200;
                uSubStatus = 0;
                strcpy_s(szBuffer,255,"OK");
                hr = pHttpResponse->SetStatus(uStatusCode,
                    szBuffer,uSubStatus,S_OK);
                if (FAILED(hr))
                {
                    pProvider->SetErrorStatus( hr );
                }
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
