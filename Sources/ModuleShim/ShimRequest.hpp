// IHttpRequest: headers, method and URL forwarded to the Swift request.
#pragma once

#include "RawRequest.hpp"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace ib {

class ShimRequest : public IHttpRequest {
public:
    ShimRequest(void* host, StringStore& strings) : host_(host), strings_(strings) {}

    HTTP_REQUEST* GetRawHttpRequest() override {
        return raw_.build(host_, strings_, GetRemoteAddress(), GetLocalAddress());
    }
    const HTTP_REQUEST* GetRawHttpRequest() const override {
        return raw_.build(host_, strings_, GetRemoteAddress(), GetLocalAddress());
    }

    PCSTR GetHeader(PCSTR name, USHORT* pcch = NULL) const override {
        if (pcch) *pcch = 0;
        if (!name) return nullptr;
        std::string value;
        if (!host.requestHeaderGet(host_, name, &value, &emitString)) return nullptr;
        if (pcch) *pcch = (USHORT)(value.size() > 0xFFFF ? 0xFFFF : value.size());
        return strings_.keep(std::move(value));
    }
    PCSTR GetHeader(HTTP_HEADER_ID id, USHORT* pcch = NULL) const override {
        PCSTR name = requestHeaderName(id);
        if (!name) { if (pcch) *pcch = 0; return nullptr; }
        return GetHeader(name, pcch);
    }

    HRESULT SetHeader(PCSTR name, PCSTR value, USHORT cch, BOOL fReplace) override {
        if (!name || !*name || (!value && cch)) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return host.requestHeaderSet(host_, name, value ? value : "", cch, fReplace);
    }
    HRESULT SetHeader(HTTP_HEADER_ID id, PCSTR value, USHORT cch, BOOL fReplace) override {
        PCSTR name = requestHeaderName(id);
        if (!name) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return SetHeader(name, value, cch, fReplace);
    }
    HRESULT DeleteHeader(PCSTR name) override {
        if (!name) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        host.requestHeaderDelete(host_, name);
        return S_OK;
    }
    HRESULT DeleteHeader(HTTP_HEADER_ID id) override {
        PCSTR name = requestHeaderName(id);
        if (!name) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return DeleteHeader(name);
    }

    PCSTR GetHttpMethod() const override {
        std::string value;
        host.requestString(host_, IBRequestMethod, &value, &emitString);
        return strings_.keep(std::move(value));
    }
    HRESULT SetHttpMethod(PCSTR method) override {
        if (!method || !*method) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return host.requestMethodSet(host_, method);
    }

    HRESULT SetUrl(PCWSTR url, DWORD cch, BOOL fResetQueryString) override {
        if (!url) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::string narrow = toUTF8(url, cch ? cch : length16(url));
        return host.requestURLSet(host_, narrow.data(), narrow.size(), fResetQueryString);
    }
    HRESULT SetUrl(PCSTR url, DWORD cch, BOOL fResetQueryString) override {
        if (!url) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return host.requestURLSet(host_, url, cch ? cch : strlen(url), fResetQueryString);
    }
    BOOL GetUrlChanged() const override { return host.requestURLChanged(host_) ? TRUE : FALSE; }
    PCWSTR GetForwardedUrl() const override { return nullptr; }
    /// A sockaddr_in or sockaddr_in6 (port in network order), owned by the request.
    PSOCKADDR GetLocalAddress() const override { return address(0, local_); }
    PSOCKADDR GetRemoteAddress() const override { return address(1, remote_); }

    /// Synchronous even when `fAsync` is TRUE (`*pfCompletionPending` is then FALSE): the server
    /// has the whole body before the pipeline runs.
    HRESULT ReadEntityBody(VOID* buffer, DWORD size, BOOL, DWORD* pcbReceived, BOOL* pfPending = NULL) override {
        if (pcbReceived) *pcbReceived = 0;
        if (pfPending) *pfPending = FALSE;
        if (!buffer && size) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        if (host.requestRemainingBody(host_) == 0) return HRESULT_FROM_WIN32(ERROR_HANDLE_EOF);
        DWORD received = host.requestReadBody(host_, buffer, size);
        if (pcbReceived) *pcbReceived = received;
        return S_OK;
    }
    /// The bytes are copied; ReadEntityBody returns them before the rest of the unread body.
    HRESULT InsertEntityBody(VOID* buffer, DWORD size) override {
        if (!buffer && size) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        host.requestInsertBody(host_, buffer, size);
        return S_OK;
    }
    DWORD GetRemainingEntityBytes() override { return host.requestRemainingBody(host_); }
    VOID GetHttpVersion(USHORT* major, USHORT* minor) const override {
        USHORT a = 1, b = 1;
        if (host.requestVersion) host.requestVersion(host_, &a, &b);
        if (major) *major = a;
        if (minor) *minor = b;
    }
    /// The certificate the TLS handshake received (the binding's clientCertificates asks for one);
    /// ERROR_NOT_FOUND when there is none, as IIS answers.
    HRESULT GetClientCertificate(HTTP_SSL_CLIENT_CERT_INFO** pp, BOOL* pfNegotiated) override {
        if (!pp) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        *pp = raw_.clientCertificate(host_, strings_);
        if (pfNegotiated) *pfNegotiated = *pp != nullptr;
        return *pp ? S_OK : HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
    }
    HRESULT NegotiateClientCertificate(BOOL, BOOL* pfPending = NULL) override {
        if (pfPending) *pfPending = FALSE;
        IB_UNSUPPORTED_HR("IHttpRequest::NegotiateClientCertificate");
    }
    DWORD GetSiteId() const override { return 1; }
    HRESULT GetHeaderChanges(DWORD, DWORD*, PCSTR[HttpHeaderRequestMaximum], DWORD*, PCSTR**, PCSTR**,
                             DWORD[HttpHeaderRequestMaximum + 1], DWORD*, DWORD**) override {
        IB_UNSUPPORTED_HR("IHttpRequest::GetHeaderChanges");
    }

private:
    PSOCKADDR address(int32_t remote, sockaddr_storage& storage) const {
        std::string text;
        uint16_t port = 0;
        host.connectionAddress(host_, remote, &port, &text, &emitString);
        memset(&storage, 0, sizeof storage);
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
        if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
            v4->sin_family = AF_INET;
            v4->sin_port = htons(port);
        } else if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port = htons(port);
        } else {
            return nullptr;
        }
        return reinterpret_cast<PSOCKADDR>(&storage);
    }

    void* host_;
    StringStore& strings_;
    mutable sockaddr_storage remote_{};
    mutable sockaddr_storage local_{};
    mutable RawRequest raw_;
};

} // namespace ib
