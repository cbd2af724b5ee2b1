// Follows the C++ example of the IIS documentation page "IHttpRequest::GetRemoteAddress Method"
// (iis/web-development-reference/native-code-api-reference/ihttprequest-getremoteaddress-method.md), comments shortened.
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
        PSOCKADDR pSockAddr;
        IHttpRequest * pHttpRequest = pHttpContext->GetRequest();
        if (pHttpRequest != NULL)
        {
            pSockAddr = pHttpRequest->GetRemoteAddress();
            if (NULL != pSockAddr)
            {
                pHttpContext->GetResponse()->Clear();
                pHttpContext->GetResponse()->SetHeader(
                    HttpHeaderContentType,"text/plain",
                    (USHORT)strlen("text/plain"),TRUE);
                char szBuffer[] = "??.??.??.??";
                PSOCKADDR_IN pSockAddr_in = (PSOCKADDR_IN) pSockAddr;
                byteToHexChar(szBuffer+0,pSockAddr_in->sin_addr.S_un.S_un_b.s_b1);
                byteToHexChar(szBuffer+3,pSockAddr_in->sin_addr.S_un.S_un_b.s_b2);
                byteToHexChar(szBuffer+6,pSockAddr_in->sin_addr.S_un.S_un_b.s_b3);
                byteToHexChar(szBuffer+9,pSockAddr_in->sin_addr.S_un.S_un_b.s_b4);
                WriteResponseMessage(pHttpContext,"IP Address: ",szBuffer);
                return RQ_NOTIFICATION_FINISH_REQUEST;
            }
        }
        return RQ_NOTIFICATION_CONTINUE;
    }

private:
    void byteToHexChar(PSTR pszBuffer, BYTE bValue)
    {
        pszBuffer[0]=48+(bValue>>4)+((bValue>>4)>9?7:0);
        pszBuffer[1]=48+(bValue&0xF)+((bValue&0xF)>9?7:0);
        return;
    }

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
