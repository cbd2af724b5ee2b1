// The documented CHttpModuleHelloWorld behaviour: every request, at BeginRequest, gets
// 200 text/plain "Hello World!" and the pipeline skips to the end stages.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

class CHelloWorld : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IN IHttpContext* pHttpContext, IN IHttpEventProvider* pProvider) {
        UNREFERENCED_PARAMETER(pProvider);
        IHttpResponse* pHttpResponse = pHttpContext->GetResponse();
        if (pHttpResponse != NULL) {
            HTTP_DATA_CHUNK dataChunk;
            PCSTR pszBuffer = "Hello World!";
            pHttpResponse->Clear();
            pHttpResponse->SetHeader(HttpHeaderContentType, "text/plain", (USHORT)strlen("text/plain"), TRUE);
            dataChunk.DataChunkType = HttpDataChunkFromMemory;
            DWORD cbSent;
            dataChunk.FromMemory.pBuffer = (PVOID)pszBuffer;
            dataChunk.FromMemory.BufferLength = (USHORT)strlen(pszBuffer);
            HRESULT hr = pHttpResponse->WriteEntityChunks(&dataChunk, 1, FALSE, TRUE, &cbSent);
            if (FAILED(hr)) {
                pHttpResponse->SetStatus(500, "Server Error", 0, hr);
            }
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class CHelloWorldFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(OUT CHttpModule** ppModule, IN IModuleAllocator* pAllocator) {
        UNREFERENCED_PARAMETER(pAllocator);
        CHelloWorld* pModule = new CHelloWorld;
        if (!pModule) return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
        *ppModule = pModule;
        pModule = NULL;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD dwServerVersion, IHttpModuleRegistrationInfo* pModuleInfo,
                                 IHttpServer* pGlobalInfo) {
    UNREFERENCED_PARAMETER(dwServerVersion);
    UNREFERENCED_PARAMETER(pGlobalInfo);
    return pModuleInfo->SetRequestNotifications(new CHelloWorldFactory, RQ_BEGIN_REQUEST, 0);
}
