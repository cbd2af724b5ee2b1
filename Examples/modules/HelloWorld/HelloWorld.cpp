// HelloWorld: the smallest module that answers by itself. At BeginRequest it discards anything
// buffered, sets Content-Type through its header id (HttpHeaderContentType, 12), writes one
// in-memory chunk and ends the request, so only the end stages (LogRequest, EndRequest) still run.
// Every URL and verb gets 200 text/plain "Hello World!".
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <new>
#include <string.h>

static const char kGreeting[] = "Hello World!";
static const char kPlainText[] = "text/plain";

class HelloWorld : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider* provider) {
        IHttpResponse* response = context->GetResponse();
        if (response == NULL) return RQ_NOTIFICATION_CONTINUE;
        response->Clear();
        response->SetHeader(HttpHeaderContentType, kPlainText, (USHORT)strlen(kPlainText), TRUE);

        HTTP_DATA_CHUNK greeting;
        greeting.DataChunkType = HttpDataChunkFromMemory;
        greeting.FromMemory.pBuffer = (PVOID)kGreeting;
        greeting.FromMemory.BufferLength = (ULONG)strlen(kGreeting);
        DWORD written = 0;
        HRESULT hr = response->WriteEntityChunks(&greeting, 1, FALSE, TRUE, &written);
        if (FAILED(hr)) provider->SetErrorStatus(hr);
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

/// One HelloWorld per request; the factory lives as long as the module is registered.
class HelloWorldFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new (std::nothrow) HelloWorld;
        return *module != NULL ? S_OK : HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new HelloWorldFactory, RQ_BEGIN_REQUEST, 0);
}
