// Follows the C++ example of the IIS documentation page "IHttpContext::GetUser Method"
// (iis/web-development-reference/native-code-api-reference/ihttpcontext-getuser-method.md), comments shortened.
// Compiled unchanged with: c++ -shared -fPIC $(isapi-bridge cflags)
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

class MyHttpModule : public CHttpModule
{
public:
    REQUEST_NOTIFICATION_STATUS
    OnSendResponse(
        IN IHttpContext * pHttpContext,
        IN ISendResponseProvider * pProvider
    )
    {
        UNREFERENCED_PARAMETER( pProvider );
        pHttpContext->GetResponse()->Clear();
        HRESULT hr;
        PCWSTR pwszUserName;
        char*  pszUserName;

        IHttpUser * pHttpUser = pHttpContext->GetUser();
        if (pHttpUser != NULL)
        {
            pwszUserName = pHttpUser->GetUserName();
            if (pwszUserName!=NULL)
            {
                if (0==wcslen(pwszUserName))
                {
                    WriteResponseMessage(pHttpContext,
                        "User name: ","ANONYMOUS");
                }
                else
                {
                    pszUserName = (char*) pHttpContext->AllocateRequestMemory( (DWORD) wcslen(pwszUserName)+1 );
                    if (pszUserName==NULL)
                    {
                        hr = HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
                        pProvider->SetErrorStatus( hr );
                    }
                    else
                    {
                        wcstombs(pszUserName,pwszUserName,wcslen(pwszUserName));
                        WriteResponseMessage(pHttpContext,
                            "User name: ",pszUserName);
                    }
                    return RQ_NOTIFICATION_FINISH_REQUEST;
                }
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
        RQ_SEND_RESPONSE,
        0
    );
}
