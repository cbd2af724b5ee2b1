// ResponseProbe: exercises IHttpResponse (and IHttpConnection) at BeginRequest and SendResponse,
// chosen by the first path segment.
//   /status       SetStatus(200, "OK"), then answers what GetStatus reads back: "status 200.0 OK"
//   /headers      at SendResponse: adds Refresh: 30, replaces Content-Type and Server
//   /redirect     Redirect to /moved/ (302)
//   /error-status writes "all good", then reports SetErrorStatus(S_OK), which changes nothing
//   /connected    at SendResponse: replaces the body with "connected: yes" when IsConnected says so
// Any other path continues untouched.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <string.h>


/// Whether the request's URL (server variable URL, no query string) starts with `prefix`.
static bool pathStartsWith(IHttpContext* context, const char* prefix) {
    PCSTR url = NULL;
    DWORD length = 0;
    if (FAILED(context->GetServerVariable("URL", &url, &length)) || url == NULL) return false;
    size_t prefixLength = strlen(prefix);
    return length >= prefixLength && strncmp(url, prefix, prefixLength) == 0;
}

static HRESULT write(IHttpResponse* response, PCSTR text) {
    HTTP_DATA_CHUNK chunk;
    chunk.DataChunkType = HttpDataChunkFromMemory;
    chunk.FromMemory.pBuffer = (PVOID)text;
    chunk.FromMemory.BufferLength = (ULONG)strlen(text);
    DWORD sent = 0;
    return response->WriteEntityChunks(&chunk, 1, FALSE, FALSE, &sent);
}

static void setHeader(IHttpResponse* response, PCSTR name, PCSTR value, BOOL replace) {
    response->SetHeader(name, value, (USHORT)strlen(value), replace);
}

class ResponseProbe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider* provider) {
        IHttpResponse* response = context->GetResponse();
        if (pathStartsWith(context, "/status")) {
            response->SetStatus(200, "OK");
            USHORT code = 0, subStatus = 0, reasonLength = 0;
            PCSTR reason = NULL;
            response->GetStatus(&code, &subStatus, &reason, &reasonLength);
            char reasonCopy[64];
            strcpy_s(reasonCopy, sizeof reasonCopy, reason != NULL ? reason : "");
            char text[128];
            sprintf_s(text, sizeof text, "status %u.%u %s", (unsigned)code, (unsigned)subStatus, reasonCopy);
            response->Clear();
            setHeader(response, "Content-Type", "text/plain", TRUE);
            write(response, text);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/redirect")) {
            HRESULT hr = response->Redirect("/moved/", TRUE, FALSE);
            if (FAILED(hr)) provider->SetErrorStatus(hr);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/error-status")) {
            response->Clear();
            setHeader(response, "Content-Type", "text/plain", TRUE);
            HRESULT hr = write(response, "all good");
            provider->SetErrorStatus(hr);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        return RQ_NOTIFICATION_CONTINUE;
    }

    REQUEST_NOTIFICATION_STATUS OnSendResponse(IHttpContext* context, ISendResponseProvider*) {
        IHttpResponse* response = context->GetResponse();
        if (pathStartsWith(context, "/headers")) {
            setHeader(response, "Refresh", "30", FALSE);
            setHeader(response, "Content-Type", "text/plain; charset=utf-8", TRUE);
            response->SetHeader(HttpHeaderServer, "ProbeServer/1.0", 15, TRUE);
        } else if (pathStartsWith(context, "/connected")) {
            IHttpConnection* connection = context->GetConnection();
            if (connection != NULL && connection->IsConnected()) {
                response->Clear();
                setHeader(response, "Content-Type", "text/plain; charset=us-ascii", TRUE);
                write(response, "connected: yes");
            }
        }
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class ResponseProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new ResponseProbe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new ResponseProbeFactory, RQ_BEGIN_REQUEST | RQ_SEND_RESPONSE, 0);
}
