// Exercises the implemented IHttpContext/IHttpRequest/IHttpResponse surface and reports what it
// saw in X-* response headers. Paths: /surface (report), /surface/redirect, /surface/seturl.
#include <windows.h>
#include <httpserv.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <atomic>
#include <string>

static HTTP_MODULE_ID g_id = NULL;
static IHttpServer* g_server = NULL;
static std::atomic<int> g_cleanups(0);
static std::atomic<DWORD> g_version(0);
extern "C" __attribute__((visibility("default"))) int SurfaceCleanups() { return g_cleanups.load(); }
extern "C" __attribute__((visibility("default"))) int SurfaceServerVersion() { return (int)g_version.load(); }

class CRequestNote : public IHttpStoredContext {
public:
    VOID CleanupStoredContext() { g_cleanups++; delete this; }
};

static std::string narrow(PCWSTR text, DWORD cch) {
    std::string out;
    for (DWORD i = 0; text && i < cch; i++) out.push_back((char)text[i]);
    return out;
}

static std::string narrowZ(PCWSTR text) {
    std::string out;
    for (size_t i = 0; text && text[i]; i++) out.push_back((char)text[i]);
    return out;
}

static std::string hex(HRESULT hr) {
    char buffer[16];
    snprintf(buffer, sizeof buffer, "0x%08X", (unsigned)hr);
    return buffer;
}

static void put(IHttpResponse* response, const char* name, const std::string& value) {
    response->SetHeader(name, value.c_str(), (USHORT)value.size(), TRUE);
}

class CSurface : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* ctx, IHttpEventProvider*) {
        IHttpRequest* request = ctx->GetRequest();
        IHttpResponse* response = ctx->GetResponse();
        DWORD cch = 0;
        PCWSTR scriptName = ctx->GetScriptName(&cch);
        std::string path = narrow(scriptName, cch);
        if (path == "/surface/redirect") {
            response->Redirect("/elsewhere");
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (path == "/surface/seturl") {
            request->SetUrl(u"/rewritten?from=native", 22, TRUE);
            return RQ_NOTIFICATION_CONTINUE;
        }
        if (path == "/surface/body") {
            // Echo the body read with ReadEntityBody in small pieces, until ERROR_HANDLE_EOF.
            std::string body;
            put(response, "X-Remaining", std::to_string(request->GetRemainingEntityBytes()));
            char piece[3];
            DWORD received = 0;
            HRESULT read;
            while (SUCCEEDED(read = request->ReadEntityBody(piece, sizeof piece, FALSE, &received))) {
                body.append(piece, received);
            }
            put(response, "X-End", hex(read));
            void* block = ctx->GetConnection()->AllocateMemory(32);
            put(response, "X-Connection-Alloc", block ? "ok" : "null");
            HTTP_DATA_CHUNK chunk;
            chunk.DataChunkType = HttpDataChunkFromMemory;
            chunk.FromMemory.pBuffer = (PVOID)body.data();
            chunk.FromMemory.BufferLength = (ULONG)body.size();
            DWORD sent = 0;
            response->WriteEntityChunks(&chunk, 1, FALSE, FALSE, &sent);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (path != "/surface") return RQ_NOTIFICATION_CONTINUE;

        PCSTR method = NULL;
        DWORD length = 0;
        HRESULT hr = ctx->GetServerVariable("REQUEST_METHOD", &method, &length);
        put(response, "X-Var-Method", SUCCEEDED(hr) ? std::string(method, length) : hex(hr));
        PCWSTR url = NULL;
        hr = ctx->GetServerVariable("URL", &url, &length);
        put(response, "X-Var-Url-Wide", SUCCEEDED(hr) ? narrow(url, length) : hex(hr));
        hr = ctx->GetServerVariable("NO_SUCH_VARIABLE", &method, &length);
        put(response, "X-Var-Unknown", hex(hr));

        USHORT cchHost = 0;
        PCSTR host = request->GetHeader(HttpHeaderHost, &cchHost);
        put(response, "X-Host-By-Id", host ? std::string(host, cchHost) : "-");
        USHORT cchMissing = 99;
        PCSTR missing = request->GetHeader("X-Missing", &cchMissing);
        put(response, "X-Missing", missing == NULL && cchMissing == 0 ? "null,0" : "wrong");
        request->SetHeader("X-Added", "one", 3, TRUE);
        request->SetHeader("X-Added", "two", 3, FALSE);
        put(response, "X-Request-Added", request->GetHeader("X-Added"));
        put(response, "X-Method", request->GetHttpMethod());

        put(response, "X-User", ctx->GetUser() == NULL ? "none" : "someone");
        put(response, "X-Connected", ctx->GetConnection()->IsConnected() ? "1" : "0");

        IHttpModuleContextContainer* container = ctx->GetModuleContextContainer();
        HRESULT first = container->SetModuleContext(new CRequestNote, g_id);
        CRequestNote* extra = new CRequestNote;
        HRESULT second = container->SetModuleContext(extra, g_id);
        if (FAILED(second)) delete extra;
        put(response, "X-Context-Set", hex(first) + " " + hex(second) +
                                           (container->GetModuleContext(g_id) ? " found" : " missing"));

        PSOCKADDR remote = request->GetRemoteAddress();
        if (remote && remote->sa_family == AF_INET) {
            char text[INET_ADDRSTRLEN] = {0};
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(remote)->sin_addr, text, sizeof text);
            put(response, "X-Remote", std::string(text) + (reinterpret_cast<sockaddr_in*>(remote)->sin_port ? " port" : " noport"));
        } else {
            put(response, "X-Remote", "-");
        }

        const HTTP_REQUEST* raw = request->GetRawHttpRequest();
        std::string rawReport = "-";
        if (raw) {
            const HTTP_REQUEST_V1& v1 = *raw;
            std::string custom = "-";
            for (USHORT i = 0; i < v1.Headers.UnknownHeaderCount; i++) {
                const HTTP_UNKNOWN_HEADER& h = v1.Headers.pUnknownHeaders[i];
                if (std::string(h.pName, h.NameLength) == "X-Custom") custom = std::string(h.pRawValue, h.RawValueLength);
            }
            const HTTP_KNOWN_HEADER& hostHeader = v1.Headers.KnownHeaders[HttpHeaderHost];
            rawReport = std::to_string((int)v1.Verb) + " " + std::string(v1.pRawUrl, v1.RawUrlLength) + " " +
                        std::to_string(v1.Version.MajorVersion) + "." + std::to_string(v1.Version.MinorVersion) + " " +
                        std::string(hostHeader.pRawValue, hostHeader.RawValueLength) + " " + custom + " " +
                        narrow(v1.CookedUrl.pFullUrl, v1.CookedUrl.FullUrlLength / 2) + " " +
                        narrow(v1.CookedUrl.pAbsPath, v1.CookedUrl.AbsPathLength / 2) + " " +
                        narrow(v1.CookedUrl.pQueryString, v1.CookedUrl.QueryStringLength / 2) +
                        (v1.Address.pRemoteAddress ? " addr" : " noaddr");
        }
        put(response, "X-Raw", rawReport);

        IDispensedHttpModuleContextContainer* dispensed = g_server->DispenseContainer();
        std::string dispensedReport = "-";
        if (dispensed) {
            int before = g_cleanups.load();
            HRESULT set = dispensed->SetModuleContext(new CRequestNote, g_id);
            dispensed->ReleaseContainer();
            dispensedReport = hex(set) + " " + std::to_string(g_cleanups.load() - before);
            g_cleanups -= 1;  // keep the request-scope count exact for the test
        }
        put(response, "X-Dispensed", dispensedReport);
        response->SetErrorDescription(u"described", 9);
        DWORD cchDescription = 0;
        PCWSTR description = response->GetErrorDescription(&cchDescription);
        put(response, "X-Description", narrow(description, cchDescription));

        IHttpApplication* application = ctx->GetApplication();
        put(response, "X-Application", application ? narrowZ(application->GetApplicationId()) + " " +
                                                           narrowZ(application->GetAppConfigPath()) + " " +
                                                           narrowZ(application->GetApplicationPhysicalPath())
                                                     : "-");

        IHttpSite* site = ctx->GetSite();
        put(response, "X-Site", site ? std::to_string(site->GetSiteId()) + " " + narrowZ(site->GetSiteName()) : "-");

        IHttpContext* clone = NULL;
        put(response, "X-Clone", hex(ctx->CloneContext(CLONE_FLAG_BASICS, &clone)));

        response->SetHeader("X-Temp", "gone", 4, TRUE);
        response->DeleteHeader("X-Temp");
        response->SetHeader(HttpHeaderContentType, "text/x-surface", 14, TRUE);
        USHORT cchType = 0;
        PCSTR type = response->GetHeader(HttpHeaderContentType, &cchType);
        put(response, "X-Type-Read", type ? std::string(type, cchType) : "-");

        void* block = ctx->AllocateRequestMemory(100);
        put(response, "X-Alloc", block ? "ok" : "null");

        response->SetStatus(201, "Made Here");
        HTTP_DATA_CHUNK chunks[2];
        chunks[0].DataChunkType = HttpDataChunkFromMemory;
        chunks[0].FromMemory.pBuffer = (PVOID)"sur";
        chunks[0].FromMemory.BufferLength = 3;
        chunks[1].DataChunkType = HttpDataChunkFromMemory;
        chunks[1].FromMemory.pBuffer = (PVOID)"face";
        chunks[1].FromMemory.BufferLength = 4;
        DWORD sent = 0;
        hr = response->WriteEntityChunks(chunks, 2, FALSE, TRUE, &sent);
        put(response, "X-Sent", hex(hr) + " " + std::to_string(sent));
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class CSurfaceFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = new CSurface;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD version, IHttpModuleRegistrationInfo* pModuleInfo, IHttpServer* pServer) {
    g_version = version;
    g_server = pServer;
    g_id = pModuleInfo->GetId();
    HRESULT hr = pModuleInfo->SetRequestNotifications(new CSurfaceFactory, RQ_BEGIN_REQUEST, 0);
    if (FAILED(hr)) return hr;
    HRESULT again = pModuleInfo->SetRequestNotifications(new CSurfaceFactory, RQ_BEGIN_REQUEST, 0);
    return again == HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS) ? S_OK : E_FAIL;
}
