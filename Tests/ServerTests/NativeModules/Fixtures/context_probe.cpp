// ContextProbe: exercises IHttpContext and IHttpServer, chosen by the first path segment.
//   /server-name  "server name <SERVER_NAME>" from GetServerVariable (narrow overload)
//   /site         "site <name>" from GetSite()->GetSiteName()
//   /app-pool     "pool <name>" from IHttpServer::GetAppPoolName, converted with wcslen and wcstombs
//   /script...    at PostMapRequestHandler: "script <GetScriptName()>"
//   /disable      writes "[begin]" and flushes at BeginRequest, then DisableNotifications(RQ_BEGIN_REQUEST):
//                 its PostBeginRequest ("[post-begin]") must not run; AcquireRequestState writes "[acquire]"
//   /user         at SendResponse: replaces the body with "user <GetUser()->GetUserName()>"
//                 ("(anonymous)" for the empty name of an unauthenticated request)
// Any other path continues untouched. Includes wpframework.h, as modules reading worker-process
// settings do.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>
#include <wpframework.h>

#include <string.h>
#include <string>

static IHttpServer* g_server = NULL;


/// Whether the request's URL (server variable URL, no query string) starts with `prefix`.
static bool pathStartsWith(IHttpContext* context, const char* prefix) {
    PCSTR url = NULL;
    DWORD length = 0;
    if (FAILED(context->GetServerVariable("URL", &url, &length)) || url == NULL) return false;
    size_t prefixLength = strlen(prefix);
    return length >= prefixLength && strncmp(url, prefix, prefixLength) == 0;
}

static void write(IHttpContext* context, const std::string& text) {
    HTTP_DATA_CHUNK chunk;
    chunk.DataChunkType = HttpDataChunkFromMemory;
    chunk.FromMemory.pBuffer = (PVOID)text.data();
    chunk.FromMemory.BufferLength = (ULONG)text.size();
    DWORD sent = 0;
    context->GetResponse()->WriteEntityChunks(&chunk, 1, FALSE, TRUE, &sent);
}

static void startPlainText(IHttpContext* context) {
    context->GetResponse()->Clear();
    context->GetResponse()->SetHeader(HttpHeaderContentType, "text/plain", 10, TRUE);
}

/// A UTF-16 string as narrow text in request memory, the way ported modules commonly do it:
/// wcstombs of wcslen characters into wcslen + 1 bytes, leaving the terminator to the zeroed
/// AllocateRequestMemory block.
static std::string narrowed(IHttpContext* context, PCWSTR wide) {
    if (wide == NULL) return "(null)";
    size_t length = wcslen(wide);
    char* narrow = (char*)context->AllocateRequestMemory((DWORD)length + 1);
    if (narrow == NULL) return "(no memory)";
    if (wcstombs(narrow, wide, length) == (size_t)-1) return "(not convertible)";
    return narrow;
}

class ContextProbe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider* provider) {
        if (pathStartsWith(context, "/server-name")) {
            PCSTR value = NULL;
            DWORD length = 0;
            HRESULT hr = context->GetServerVariable("SERVER_NAME", &value, &length);
            if (FAILED(hr)) {
                provider->SetErrorStatus(hr);
                return RQ_NOTIFICATION_FINISH_REQUEST;
            }
            startPlainText(context);
            write(context, "server name " + std::string(value, length));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/site")) {
            IHttpSite* site = context->GetSite();
            startPlainText(context);
            write(context, "site " + narrowed(context, site ? site->GetSiteName() : NULL));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/app-pool")) {
            startPlainText(context);
            write(context, "pool " + narrowed(context, g_server ? g_server->GetAppPoolName() : NULL));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/disable")) {
            startPlainText(context);
            write(context, "[begin]");
            DWORD sent = 0;
            context->GetResponse()->Flush(FALSE, TRUE, &sent);
            context->DisableNotifications(RQ_BEGIN_REQUEST, 0);
        }
        return RQ_NOTIFICATION_CONTINUE;
    }

    REQUEST_NOTIFICATION_STATUS OnPostBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        if (pathStartsWith(context, "/disable")) write(context, "[post-begin]");
        return RQ_NOTIFICATION_CONTINUE;
    }

    REQUEST_NOTIFICATION_STATUS OnAcquireRequestState(IHttpContext* context, IHttpEventProvider*) {
        if (!pathStartsWith(context, "/disable")) return RQ_NOTIFICATION_CONTINUE;
        write(context, "[acquire]");
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }

    REQUEST_NOTIFICATION_STATUS OnPostMapRequestHandler(IHttpContext* context, IHttpEventProvider*) {
        if (!pathStartsWith(context, "/script")) return RQ_NOTIFICATION_CONTINUE;
        DWORD length = 0;
        PCWSTR script = context->GetScriptName(&length);
        startPlainText(context);
        write(context, "script " + narrowed(context, script));
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }

    REQUEST_NOTIFICATION_STATUS OnSendResponse(IHttpContext* context, ISendResponseProvider*) {
        if (!pathStartsWith(context, "/user")) return RQ_NOTIFICATION_CONTINUE;
        IHttpUser* user = context->GetUser();
        startPlainText(context);
        std::string name = user ? narrowed(context, user->GetUserName()) : std::string("(no user object)");
        write(context, "user " + (name.empty() ? std::string("(anonymous)") : name));
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class ContextProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new ContextProbe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer* server) {
    g_server = server;
    DWORD stages = RQ_BEGIN_REQUEST | RQ_ACQUIRE_REQUEST_STATE | RQ_SEND_RESPONSE;
    return info->SetRequestNotifications(new ContextProbeFactory, stages, RQ_BEGIN_REQUEST | RQ_MAP_REQUEST_HANDLER);
}
