// RequestProbe: one BeginRequest module that exercises IHttpRequest, chosen by the first path segment.
//   /read-headers     answers "User-Agent <value>\nAccept-Language <value>" ("(absent)" when missing),
//                     reading one header by name and the other by HTTP_HEADER_ID
//   /replace-headers  replaces User-Agent (by name) and Accept-Language (by id), then continues
//   /remove-headers   deletes the same two headers, then continues
//   /echo-body        answers the entity body read with ReadEntityBody; continues when there is none
//   /client-address   answers "client " and the IPv4 address as hex bytes through SOCKADDR_IN's
//                     Windows member names (sin_addr.S_un.S_un_b)
//   /rewrite          SetUrl to /rewritten/target.aspx (query reset), then continues
//   /raw-request      answers from GetRawHttpRequest's V1 members, reached directly through the
//                     HTTP_REQUEST (V2) pointer as in C++ on Windows: "raw GET <pRawUrl>"
// Any other path continues untouched.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <string.h>
#include <string>


/// Whether the request's URL (server variable URL, no query string) starts with `prefix`.
static bool pathStartsWith(IHttpContext* context, const char* prefix) {
    PCSTR url = NULL;
    DWORD length = 0;
    if (FAILED(context->GetServerVariable("URL", &url, &length)) || url == NULL) return false;
    size_t prefixLength = strlen(prefix);
    return length >= prefixLength && strncmp(url, prefix, prefixLength) == 0;
}

static void answer(IHttpContext* context, const std::string& text) {
    IHttpResponse* response = context->GetResponse();
    response->Clear();
    response->SetHeader(HttpHeaderContentType, "text/plain", 10, TRUE);
    HTTP_DATA_CHUNK chunk;
    chunk.DataChunkType = HttpDataChunkFromMemory;
    chunk.FromMemory.pBuffer = (PVOID)text.data();
    chunk.FromMemory.BufferLength = (ULONG)text.size();
    DWORD sent = 0;
    response->WriteEntityChunks(&chunk, 1, FALSE, FALSE, &sent);
}

static std::string orAbsent(PCSTR value, USHORT length) {
    return value == NULL ? std::string("(absent)") : std::string(value, length);
}

class RequestProbe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider* provider) {
        IHttpRequest* request = context->GetRequest();
        if (pathStartsWith(context, "/read-headers")) {
            USHORT agentLength = 0, languageLength = 0;
            PCSTR agent = request->GetHeader("User-Agent", &agentLength);
            PCSTR language = request->GetHeader(HttpHeaderAcceptLanguage, &languageLength);
            answer(context, "User-Agent " + orAbsent(agent, agentLength) +
                            "\nAccept-Language " + orAbsent(language, languageLength));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/replace-headers")) {
            HRESULT hr = request->SetHeader("User-Agent", "Probe Agent/2", 13, TRUE);
            if (SUCCEEDED(hr)) hr = request->SetHeader(HttpHeaderAcceptLanguage, "fr-ca", 5, TRUE);
            if (FAILED(hr)) provider->SetErrorStatus(hr);
            return RQ_NOTIFICATION_CONTINUE;
        }
        if (pathStartsWith(context, "/remove-headers")) {
            HRESULT hr = request->DeleteHeader("User-Agent");
            if (SUCCEEDED(hr)) hr = request->DeleteHeader(HttpHeaderAcceptLanguage);
            if (FAILED(hr)) provider->SetErrorStatus(hr);
            return RQ_NOTIFICATION_CONTINUE;
        }
        if (pathStartsWith(context, "/echo-body")) return echoBody(context, provider);
        if (pathStartsWith(context, "/client-address")) {
            PSOCKADDR address = request->GetRemoteAddress();
            const SOCKADDR_IN* ipv4 = (const SOCKADDR_IN*)address;
            if (ipv4 == NULL || ipv4->sin_family != 2 /* AF_INET */) {
                answer(context, "client not IPv4");
            } else {
                char text[32];
                sprintf_s(text, sizeof text, "client %02X.%02X.%02X.%02X", ipv4->sin_addr.S_un.S_un_b.s_b1,
                          ipv4->sin_addr.S_un.S_un_b.s_b2, ipv4->sin_addr.S_un.S_un_b.s_b3,
                          ipv4->sin_addr.S_un.S_un_b.s_b4);
                answer(context, text);
            }
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/raw-request")) {
            const HTTP_REQUEST* raw = request->GetRawHttpRequest();
            std::string verb = raw->Verb == HttpVerbGET ? "GET" : raw->Verb == HttpVerbPOST ? "POST" : "other";
            answer(context, "raw " + verb + " " + std::string(raw->pRawUrl, raw->RawUrlLength));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        if (pathStartsWith(context, "/rewrite")) {
            static const char target[] = "/rewritten/target.aspx";
            HRESULT hr = request->SetUrl(target, (DWORD)strlen(target), TRUE);
            if (FAILED(hr)) provider->SetErrorStatus(hr);
        }
        return RQ_NOTIFICATION_CONTINUE;
    }

private:
    /// Reads the whole body in small pieces into request memory, so several reads are needed.
    REQUEST_NOTIFICATION_STATUS echoBody(IHttpContext* context, IHttpEventProvider* provider) {
        IHttpRequest* request = context->GetRequest();
        if (request->GetRemainingEntityBytes() == 0) return RQ_NOTIFICATION_CONTINUE;
        const DWORD pieceSize = 512;
        char* piece = (char*)context->AllocateRequestMemory(pieceSize);
        if (piece == NULL) {
            provider->SetErrorStatus(E_OUTOFMEMORY);
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        std::string body;
        while (request->GetRemainingEntityBytes() > 0) {
            DWORD received = 0;
            HRESULT hr = request->ReadEntityBody(piece, pieceSize, FALSE, &received, NULL);
            if (FAILED(hr)) {
                provider->SetErrorStatus(hr);
                return RQ_NOTIFICATION_FINISH_REQUEST;
            }
            body.append(piece, received);
        }
        answer(context, body);
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class RequestProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new RequestProbe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new RequestProbeFactory, RQ_BEGIN_REQUEST, 0);
}
