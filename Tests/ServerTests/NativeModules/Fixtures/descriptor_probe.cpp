// DescriptorProbe: the descriptors a module gets from the server, one per query string (BeginRequest
// unless noted), written from the IIS reference of each method:
//   ?file-info         IHttpContext::GetFileInfo of the requested file: "size=<GetSize> etag=<GetETag>
//                      modified=<GetLastModifiedString> buffer=<GetFileBuffer, GetSize bytes> name=<cache
//                      name of GetCacheKey> handle=<bytes read from GetFileHandle>"; "no file info" when
//                      the file does not exist
//   ?server-file-info  IHttpServer::GetFileInfo of GetPhysicalPath: "size=<n> changed=<CheckIfFileHasChanged>",
//                      then DereferenceCacheData; "error 0x<hr>" when it fails
//   ?cache-policy      IHttpResponse::GetCachePolicy: sets vary-by headers, a vary-by value, a kernel
//                      time-to-live, disables the user cache, writes back what it reads
//   ?metadata          IHttpContext::GetMetadata: "meta=<GetMetaPath> vr=<GetVrPath>"
//   ?insert-body       reads the whole body, InsertEntityBody("inserted:"), reads again: "inserted:<body>"
//   ?last              IHttpContext::GetIsLastNotification, documented as TRUE when more notifications are
//                      pending: "continue=<with CONTINUE> finish=<with FINISH_REQUEST>"
//   ?map-handler       IHttpContext::MapHandler for POST /other/page.txt and GET /other/page.html:
//                      "handler <GetName> and none for .html 0x<hr> 0x<hr>"
//   ?early-map         IHttpContext::GetScriptMap before MapRequestHandler: "no script map yet" (NULL)
//   ?reset             writes "partial", IHttpResponse::ResetConnection, writes "after the reset"
//   ?unbuffered        DisableBuffering, writes "one", then "|sent=<GetResponseHeadersSent>"
//   /map...            at PostMapRequestHandler: IHttpContext::GetScriptMap: "map <GetName> path=<GetPath>
//                      verbs=<GetAllowedVerbs> modules=<GetModules> star=<GetIsStarScriptMap>", or "no script map"
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>
#include <httpcach.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <string>

static IHttpServer* g_server = NULL;

static std::string query(IHttpContext* context) {
    PCSTR value = NULL;
    DWORD length = 0;
    if (FAILED(context->GetServerVariable("QUERY_STRING", &value, &length)) || value == NULL) return "";
    return std::string(value, length);
}

static bool pathStartsWith(IHttpContext* context, const char* prefix) {
    PCSTR url = NULL;
    DWORD length = 0;
    if (FAILED(context->GetServerVariable("URL", &url, &length)) || url == NULL) return false;
    return length >= strlen(prefix) && strncmp(url, prefix, strlen(prefix)) == 0;
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

static std::string narrow(PCWSTR wide) {
    if (wide == NULL) return "(null)";
    std::string out;
    for (; *wide; wide++) out += (char)*wide;
    return out;
}

static std::string fileInfo(IHttpContext* context) {
    IHttpFileInfo* info = context->GetFileInfo();
    if (info == NULL) return "no file info";
    ULARGE_INTEGER size;
    info->GetSize(&size);
    USHORT etagLength = 0;
    PCSTR etag = info->GetETag(&etagLength);
    const BYTE* buffer = info->GetFileBuffer();
    char handleBytes[64] = {0};
    int descriptor = (int)(intptr_t)info->GetFileHandle();
    ssize_t got = pread(descriptor, handleBytes, sizeof handleBytes - 1, 0);
    return "size=" + std::to_string((unsigned long long)size.QuadPart) + " etag=" + std::string(etag, etagLength) +
           " modified=" + info->GetLastModifiedString() +
           " buffer=" + (buffer ? std::string((const char*)buffer, (size_t)size.QuadPart) : std::string("(null)")) +
           " name=" + narrow(info->GetCacheKey()->GetCacheName()) +
           " handle=" + (got > 0 ? std::string(handleBytes, (size_t)got) : std::string("(unreadable)"));
}

static std::string serverFileInfo(IHttpContext* context) {
    IHttpFileInfo* info = NULL;
    HRESULT hr = g_server->GetFileInfo(context->GetPhysicalPath(), NULL, NULL, NULL, NULL, TRUE, &info);
    if (FAILED(hr) || info == NULL) {
        char text[32];
        snprintf(text, sizeof text, "error 0x%08X", (unsigned)hr);
        return text;
    }
    ULARGE_INTEGER size;
    info->GetSize(&size);
    std::string text = "size=" + std::to_string((unsigned long long)size.QuadPart) +
                       " changed=" + std::to_string(info->CheckIfFileHasChanged(NULL));
    info->DereferenceCacheData();
    return text;
}

static std::string cachePolicy(IHttpContext* context) {
    IHttpCachePolicy* policy = context->GetResponse()->GetCachePolicy();
    if (policy == NULL) return "no cache policy";
    policy->AppendVaryByHeader("Accept");
    policy->AppendVaryByHeader("Accept-Language");
    policy->SetVaryByValue("v1");
    policy->DisableUserCache();
    HTTP_CACHE_POLICY* kernel = policy->GetKernelCachePolicy();
    kernel->Policy = HttpCachePolicyTimeToLive;
    kernel->SecondsToLive = 60;
    HTTP_CACHE_POLICY* again = policy->GetKernelCachePolicy();
    return std::string("vary=") + policy->GetVaryByHeaders() + " value=" + policy->GetVaryByValue() +
           " user=" + std::to_string(policy->IsUserCacheEnabled()) + " kernel=" + std::to_string((int)again->Policy) +
           "/" + std::to_string(again->SecondsToLive);
}

static std::string readAll(IHttpRequest* request) {
    std::string body;
    char buffer[256];
    for (;;) {
        DWORD received = 0;
        if (FAILED(request->ReadEntityBody(buffer, sizeof buffer, FALSE, &received, NULL)) || received == 0) break;
        body.append(buffer, received);
    }
    return body;
}

class DescriptorProbe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        std::string which = query(context);
        if (which == "file-info" || which == "server-file-info" || which == "cache-policy" || which == "metadata") {
            std::string text;
            if (which == "file-info") text = fileInfo(context);
            else if (which == "server-file-info") text = serverFileInfo(context);
            else if (which == "cache-policy") text = cachePolicy(context);
            else {
                IMetadataInfo* metadata = context->GetMetadata();
                text = metadata ? "meta=" + narrow(metadata->GetMetaPath()) + " vr=" + narrow(metadata->GetVrPath())
                                : "no metadata";
            }
            startPlainText(context);
            write(context, text);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (which == "insert-body") {
            IHttpRequest* request = context->GetRequest();
            std::string body = readAll(request);
            std::string inserted = "inserted:" + body;
            request->InsertEntityBody((VOID*)inserted.data(), (DWORD)inserted.size());
            std::string again = readAll(request);
            startPlainText(context);
            write(context, again);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (which == "last") {
            BOOL continuing = context->GetIsLastNotification(RQ_NOTIFICATION_CONTINUE);
            BOOL finishing = context->GetIsLastNotification(RQ_NOTIFICATION_FINISH_REQUEST);
            startPlainText(context);
            write(context, "continue=" + std::to_string(continuing) + " finish=" + std::to_string(finishing));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (which == "map-handler") {
            IScriptMapInfo* map = NULL;
            HRESULT hr = context->MapHandler(1, u"Default Web Site", u"/other/page.txt", "POST", &map);
            IScriptMapInfo* none = NULL;
            HRESULT missing = context->MapHandler(1, u"Default Web Site", u"/other/page.html", "GET", &none);
            char codes[64];
            snprintf(codes, sizeof codes, " 0x%08X 0x%08X", (unsigned)hr, (unsigned)missing);
            startPlainText(context);
            write(context, (map ? "handler " + narrow(map->GetName()) : std::string("no handler")) +
                               (none ? " and a handler for .html" : " and none for .html") + codes);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (which == "early-map") {
            startPlainText(context);
            write(context, context->GetScriptMap() == NULL ? "no script map yet" : "a script map before mapping");
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (which == "reset") {
            startPlainText(context);
            write(context, "partial");
            context->GetResponse()->ResetConnection();
            write(context, "after the reset");
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (which == "unbuffered") {
            startPlainText(context);
            context->GetResponse()->DisableBuffering();
            write(context, "one");
            write(context, "|sent=" + std::to_string(context->GetResponseHeadersSent()));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        return RQ_NOTIFICATION_CONTINUE;
    }

    REQUEST_NOTIFICATION_STATUS OnPostMapRequestHandler(IHttpContext* context, IHttpEventProvider*) {
        if (!pathStartsWith(context, "/map")) return RQ_NOTIFICATION_CONTINUE;
        IScriptMapInfo* map = context->GetScriptMap();
        startPlainText(context);
        if (map == NULL) {
            write(context, "no script map");
        } else {
            DWORD modulesLength = 0;
            PCWSTR modules = map->GetModules(&modulesLength);
            write(context, "map " + narrow(map->GetName()) + " path=" + narrow(map->GetPath()) +
                               " verbs=" + map->GetAllowedVerbs() + " modules=" + narrow(modules) + "/" +
                               std::to_string(modulesLength) + " star=" + std::to_string(map->GetIsStarScriptMap()));
        }
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class DescriptorProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new DescriptorProbe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer* server) {
    g_server = server;
    return info->SetRequestNotifications(new DescriptorProbeFactory, RQ_BEGIN_REQUEST, RQ_MAP_REQUEST_HANDLER);
}
