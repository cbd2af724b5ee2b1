// TlsProbe: one BeginRequest module that answers with what IHttpRequest says about the connection's
// TLS: GetRawHttpRequest()->pSslInfo (key sizes, server certificate names, the client certificate's
// encoded size and first byte) and GetClientCertificate's result.
//   "plain"                                   pSslInfo is NULL (not an https binding)
//   "ssl <server bits> <connection bits> <subject> | <issuer> cert=<size or none> negotiated=<0|1>"
//   then " get=<hr hex> <size>" from GetClientCertificate, and " url=<cooked full URL scheme>"
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <stdio.h>
#include <string>

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

class TlsProbe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        IHttpRequest* request = context->GetRequest();
        const HTTP_REQUEST* raw = request->GetRawHttpRequest();
        std::string text;
        if (raw->pSslInfo == NULL) {
            text = "plain";
        } else {
            const HTTP_SSL_INFO* ssl = raw->pSslInfo;
            char line[160];
            snprintf(line, sizeof line, "ssl %u %u ", (unsigned)ssl->ServerCertKeySize, (unsigned)ssl->ConnectionKeySize);
            text = line;
            text += std::string(ssl->pServerCertSubject, ssl->ServerCertSubjectSize) + " | " +
                    std::string(ssl->pServerCertIssuer, ssl->ServerCertIssuerSize);
            if (ssl->pClientCertInfo != NULL) {
                snprintf(line, sizeof line, " cert=%u first=%02x", (unsigned)ssl->pClientCertInfo->CertEncodedSize,
                         (unsigned)ssl->pClientCertInfo->pCertEncoded[0]);
                text += line;
            } else {
                text += " cert=none";
            }
            text += ssl->SslClientCertNegotiated ? " negotiated=1" : " negotiated=0";
        }
        HTTP_SSL_CLIENT_CERT_INFO* info = NULL;
        BOOL negotiated = FALSE;
        HRESULT hr = request->GetClientCertificate(&info, &negotiated);
        char tail[96];
        snprintf(tail, sizeof tail, " get=%08x %u", (unsigned)hr, info ? (unsigned)info->CertEncodedSize : 0u);
        text += tail;
        std::u16string full(raw->CookedUrl.pFullUrl, raw->CookedUrl.FullUrlLength / 2);
        text += " url=" + std::string(full.begin(), full.begin() + (full.find(u':') == std::u16string::npos ? 0 : full.find(u':')));
        answer(context, text);
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class TlsProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new TlsProbe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new TlsProbeFactory, RQ_BEGIN_REQUEST, 0);
}
