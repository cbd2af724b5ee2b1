// IHttpRequest::GetRawHttpRequest: an HTTP_REQUEST (V2 layout) snapshot of the Swift request,
// rebuilt on every call. The server owns it until the request ends; edits a module makes to the
// struct are not read back (use SetHeader/SetUrl/SetHttpMethod).
#pragma once

#include "HeaderNames.hpp"
#include <stdlib.h>
#include <strings.h>
#include <vector>

namespace ib {

class RawRequest {
public:
    /// Fills the snapshot from the host request `handle`; `remote`/`local` are its addresses.
    HTTP_REQUEST* build(void* handle, StringStore& strings, PSOCKADDR remote, PSOCKADDR local) {
        memset(&request_, 0, sizeof request_);
        unknown_.clear();
        HTTP_REQUEST_V1& raw = request_;
        USHORT major = 1, minor = 1;
        host.requestVersion(handle, &major, &minor);
        raw.Version.MajorVersion = major;
        raw.Version.MinorVersion = minor;

        std::string method = text(handle, IBRequestMethod);
        raw.Verb = verb(method);
        if (raw.Verb == HttpVerbUnknown) {
            raw.pUnknownVerb = strings.keep(method);
            raw.UnknownVerbLength = (USHORT)method.size();
        }
        std::string target = text(handle, IBRequestRawTarget);
        raw.pRawUrl = strings.keep(target);
        raw.RawUrlLength = (USHORT)target.size();

        std::string hostName = text(handle, IBRequestHost);
        std::string path = text(handle, IBRequestPath);
        std::string query = text(handle, IBRequestQuery);
        if (!query.empty()) query = "?" + query;
        bool secure = variable(handle, "HTTPS") == "on";
        std::string scheme = secure ? "https://" : "http://";
        std::string fullText = scheme + hostName + path + query;
        std::u16string full = toUTF16(fullText.c_str(), fullText.size());
        PCWSTR fullUrl = strings.keepWide(full);
        raw.CookedUrl.pFullUrl = fullUrl;
        raw.CookedUrl.FullUrlLength = (USHORT)(full.size() * 2);
        raw.CookedUrl.pHost = fullUrl + scheme.size();
        raw.CookedUrl.HostLength = (USHORT)(toUTF16(hostName.data(), hostName.size()).size() * 2);
        raw.CookedUrl.pAbsPath = raw.CookedUrl.pHost + raw.CookedUrl.HostLength / 2;
        raw.CookedUrl.AbsPathLength = (USHORT)(toUTF16(path.data(), path.size()).size() * 2);
        raw.CookedUrl.pQueryString = query.empty() ? nullptr : raw.CookedUrl.pAbsPath + raw.CookedUrl.AbsPathLength / 2;
        raw.CookedUrl.QueryStringLength = (USHORT)(toUTF16(query.data(), query.size()).size() * 2);
        raw.Address.pRemoteAddress = remote;
        raw.Address.pLocalAddress = local;
        raw.pSslInfo = secure ? sslInfo(handle, strings) : nullptr;

        for (uint32_t index = 0;; index++) {
            std::string name, value;
            if (!host.requestHeaderAt(handle, index, &name, &value, &emitString)) break;
            PCSTR kept = strings.keep(value);
            int known = knownIndex(name);
            if (known >= 0 && raw.Headers.KnownHeaders[known].pRawValue == nullptr) {
                raw.Headers.KnownHeaders[known].pRawValue = kept;
                raw.Headers.KnownHeaders[known].RawValueLength = (USHORT)value.size();
            } else {
                HTTP_UNKNOWN_HEADER header;
                header.pName = strings.keep(name);
                header.NameLength = (USHORT)name.size();
                header.pRawValue = kept;
                header.RawValueLength = (USHORT)value.size();
                unknown_.push_back(header);
            }
        }
        raw.Headers.UnknownHeaderCount = (USHORT)unknown_.size();
        raw.Headers.pUnknownHeaders = unknown_.empty() ? nullptr : unknown_.data();
        return &request_;
    }

    /// The connection's client certificate (`IHttpRequest::GetClientCertificate`), or NULL.
    HTTP_SSL_CLIENT_CERT_INFO* clientCertificate(void* handle, StringStore& strings) {
        std::string der;
        if (!host.connectionClientCertificate(handle, &der, &emitString)) return nullptr;
        memset(&certificate_, 0, sizeof certificate_);
        certificate_.CertEncodedSize = (ULONG)der.size();
        certificate_.pCertEncoded = (UCHAR*)strings.keep(std::move(der));
        return &certificate_;
    }

private:
    /// HTTP_SSL_INFO from the TLS server variables and the client certificate.
    HTTP_SSL_INFO* sslInfo(void* handle, StringStore& strings) {
        memset(&ssl_, 0, sizeof ssl_);
        ssl_.ServerCertKeySize = (USHORT)atoi(variable(handle, "HTTPS_SECRETKEYSIZE").c_str());
        ssl_.ConnectionKeySize = (USHORT)atoi(variable(handle, "HTTPS_KEYSIZE").c_str());
        std::string issuer = variable(handle, "HTTPS_SERVER_ISSUER"), subject = variable(handle, "HTTPS_SERVER_SUBJECT");
        ssl_.ServerCertIssuerSize = (ULONG)issuer.size();
        ssl_.ServerCertSubjectSize = (ULONG)subject.size();
        ssl_.pServerCertIssuer = strings.keep(std::move(issuer));
        ssl_.pServerCertSubject = strings.keep(std::move(subject));
        ssl_.pClientCertInfo = clientCertificate(handle, strings);
        ssl_.SslClientCertNegotiated = ssl_.pClientCertInfo != nullptr;
        return &ssl_;
    }

    static std::string variable(void* handle, const char* name) {
        std::string value;
        host.serverVariableGet(handle, name, &value, &emitString);
        return value;
    }

    static std::string text(void* handle, int32_t which) {
        std::string value;
        host.requestString(handle, which, &value, &emitString);
        return value;
    }

    static HTTP_VERB verb(const std::string& method) {
        static const char* const names[] = {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT",
                                            "TRACK", "MOVE", "COPY", "PROPFIND", "PROPPATCH", "MKCOL", "LOCK",
                                            "UNLOCK", "SEARCH"};
        for (int i = 0; i < 17; i++) if (method == names[i]) return (HTTP_VERB)(HttpVerbOPTIONS + i);
        return HttpVerbUnknown;
    }

    static int knownIndex(const std::string& name) {
        for (int id = 0; id < (int)HttpHeaderRequestMaximum; id++) {
            if (strcasecmp(name.c_str(), requestHeaderName((HTTP_HEADER_ID)id)) == 0) return id;
        }
        return -1;
    }

    HTTP_REQUEST request_{};
    std::vector<HTTP_UNKNOWN_HEADER> unknown_;
    HTTP_SSL_INFO ssl_{};
    HTTP_SSL_CLIENT_CERT_INFO certificate_{};
};

} // namespace ib
