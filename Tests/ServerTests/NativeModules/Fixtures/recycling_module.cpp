// RecyclingModule: every response carries "X-Worker-Pid: <getpid()>"; GET /recycle calls
// IHttpServer::RecycleApplication with the default site's configuration path, as the IIS reference
// shows, and answers "recycle requested".
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <string.h>
#include <unistd.h>
#include <string>

static IHttpServer* g_server = NULL;

class RecyclingModule : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        std::string pid = std::to_string((long)getpid());
        IHttpResponse* response = context->GetResponse();
        response->SetHeader("X-Worker-Pid", pid.c_str(), (USHORT)pid.size(), TRUE);
        PCSTR url = NULL;
        DWORD length = 0;
        if (FAILED(context->GetServerVariable("URL", &url, &length)) || url == NULL || strcmp(url, "/recycle") != 0) {
            return RQ_NOTIFICATION_CONTINUE;
        }
        g_server->RecycleApplication(u"MACHINE/WEBROOT/APPHOST/Default Web Site");
        response->SetHeader(HttpHeaderContentType, "text/plain", 10, TRUE);
        static const char text[] = "recycle requested";
        HTTP_DATA_CHUNK chunk;
        chunk.DataChunkType = HttpDataChunkFromMemory;
        chunk.FromMemory.pBuffer = (PVOID)text;
        chunk.FromMemory.BufferLength = sizeof text - 1;
        DWORD sent = 0;
        response->WriteEntityChunks(&chunk, 1, FALSE, FALSE, &sent);
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class RecyclingFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new RecyclingModule;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer* server) {
    g_server = server;
    return info->SetRequestNotifications(new RecyclingFactory, RQ_BEGIN_REQUEST, 0);
}
