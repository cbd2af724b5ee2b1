// IHttpResponse: status, headers and buffered body forwarded to the Swift response.
#pragma once

#include "HeaderNames.hpp"
#include "ShimCachePolicy.hpp"

namespace ib {

class ShimResponse : public IHttpResponse {
public:
    ShimResponse(void* host, StringStore& strings) : host_(host), strings_(strings) {}

    HTTP_RESPONSE* GetRawHttpResponse() override { IB_UNSUPPORTED_VALUE("IHttpResponse::GetRawHttpResponse", nullptr); }
    const HTTP_RESPONSE* GetRawHttpResponse() const override {
        IB_UNSUPPORTED_VALUE("IHttpResponse::GetRawHttpResponse", nullptr);
    }
    IHttpCachePolicy* GetCachePolicy() override { return &cachePolicy_; }

    HRESULT SetStatus(USHORT code, PCSTR reason, USHORT sub = 0, HRESULT = S_OK, IAppHostConfigException* = NULL,
                      BOOL = FALSE) override {
        if (reason && strlen(reason) > 1024) return HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
        if (code < 100 || code > 999) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return host.responseSetStatus(host_, code, reason, sub);
    }

    HRESULT SetHeader(PCSTR name, PCSTR value, USHORT cch, BOOL fReplace) override {
        if (!name || !*name || (!value && cch)) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return host.responseHeaderSet(host_, name, value ? value : "", cch, fReplace);
    }
    HRESULT SetHeader(HTTP_HEADER_ID id, PCSTR value, USHORT cch, BOOL fReplace) override {
        PCSTR name = responseHeaderName(id);
        if (!name) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        // Documented IIS quirk: Server set by index appends instead of replacing.
        return SetHeader(name, value, cch, id == HttpHeaderServer ? FALSE : fReplace);
    }
    HRESULT DeleteHeader(PCSTR name) override {
        if (name) host.responseHeaderDelete(host_, name);
        return S_OK;
    }
    HRESULT DeleteHeader(HTTP_HEADER_ID id) override {
        PCSTR name = responseHeaderName(id);
        if (name) host.responseHeaderDelete(host_, name);
        return S_OK;
    }
    PCSTR GetHeader(PCSTR name, USHORT* pcch = NULL) const override {
        if (pcch) *pcch = 0;
        if (!name) return nullptr;
        std::string value;
        if (!host.responseHeaderGet(host_, name, &value, &emitString)) return nullptr;
        if (pcch) *pcch = (USHORT)(value.size() > 0xFFFF ? 0xFFFF : value.size());
        return strings_.keep(std::move(value));
    }
    PCSTR GetHeader(HTTP_HEADER_ID id, USHORT* pcch = NULL) const override {
        PCSTR name = responseHeaderName(id);
        if (!name) { if (pcch) *pcch = 0; return nullptr; }
        return GetHeader(name, pcch);
    }

    VOID Clear() override { host.responseClear(host_); }
    VOID ClearHeaders() override { host.responseClearHeaders(host_); }
    VOID SetNeedDisconnect() override { host.responseSetNeedDisconnect(host_); }
    VOID ResetConnection() override { host.responseReset(host_); }
    VOID DisableKernelCache(ULONG = 9) override {}
    BOOL GetKernelCacheEnabled() const override { return FALSE; }
    VOID SuppressHeaders() override { host.responseSuppressHeaders(host_, 1); }
    BOOL GetHeadersSuppressed() const override { return host.responseHeadersSuppressed(host_) ? TRUE : FALSE; }

    HRESULT Flush(BOOL, BOOL, DWORD* pcbSent, BOOL* pfCompletionExpected = NULL) override {
        if (pcbSent) *pcbSent = 0;
        if (pfCompletionExpected) *pfCompletionExpected = FALSE;
        host.responseFlush(host_);
        return S_OK;
    }
    HRESULT Redirect(PCSTR url, BOOL fResetStatusCode = TRUE, BOOL fIncludeParameters = FALSE) override {
        if (!url || !*url) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return host.responseRedirect(host_, url, fResetStatusCode, fIncludeParameters);
    }
    HRESULT WriteEntityChunkByReference(HTTP_DATA_CHUNK*, LONG = -1) override {
        IB_UNSUPPORTED_HR("IHttpResponse::WriteEntityChunkByReference");
    }
    HRESULT WriteEntityChunks(HTTP_DATA_CHUNK* chunks, DWORD count, BOOL, BOOL, DWORD* pcbSent,
                              BOOL* pfCompletionExpected = NULL) override {
        if (pcbSent) *pcbSent = 0;
        if (pfCompletionExpected) *pfCompletionExpected = FALSE;
        if (!chunks && count) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        if (count > 65535 || chunksWritten_ + count > 65535) return HRESULT_FROM_WIN32(ERROR_ARITHMETIC_OVERFLOW);
        for (DWORD i = 0; i < count; i++) {
            if (chunks[i].DataChunkType != HttpDataChunkFromMemory) {
                ib::unsupported("IHttpResponse::WriteEntityChunks (chunk types other than FromMemory)");
                return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED);
            }
            if (!chunks[i].FromMemory.pBuffer && chunks[i].FromMemory.BufferLength)
                return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        }
        DWORD total = 0;
        for (DWORD i = 0; i < count; i++) {
            host.responseWrite(host_, chunks[i].FromMemory.pBuffer, chunks[i].FromMemory.BufferLength);
            total += chunks[i].FromMemory.BufferLength;
        }
        chunksWritten_ += count;
        if (!buffering_) host.responseFlush(host_);
        if (pcbSent) *pcbSent = total;
        return S_OK;
    }
    /// Every later WriteEntityChunks is sent at once, as if followed by Flush.
    VOID DisableBuffering() override { buffering_ = false; }

    VOID GetStatus(USHORT* pStatusCode, USHORT* pSubStatus = NULL, PCSTR* ppszReason = NULL, USHORT* pcchReason = NULL,
                   HRESULT* phr = NULL, PCWSTR* ppszModule = NULL, DWORD* pdwNotification = NULL,
                   IAppHostConfigException** ppException = NULL, BOOL* pfTrySkip = NULL) override {
        USHORT code = 200, sub = 0;
        std::string reason;
        host.responseGetStatus(host_, &code, &sub, &reason, &emitString);
        if (pStatusCode) *pStatusCode = code;
        if (pSubStatus) *pSubStatus = sub;
        if (pcchReason) *pcchReason = (USHORT)reason.size();
        if (ppszReason) *ppszReason = strings_.keep(std::move(reason));
        if (phr) *phr = S_OK;
        if (ppszModule) *ppszModule = nullptr;
        if (pdwNotification) *pdwNotification = 0;
        if (ppException) *ppException = nullptr;
        if (pfTrySkip) *pfTrySkip = FALSE;
    }
    /// Kept for GetErrorDescription; isapi-bridge has no custom-error pages that would show it.
    HRESULT SetErrorDescription(PCWSTR description, DWORD cch, BOOL = TRUE) override {
        if (!description && cch) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        errorDescription_ = description ? std::u16string(description, cch ? cch : length16(description)) : std::u16string();
        return S_OK;
    }
    PCWSTR GetErrorDescription(DWORD* pcch = NULL) override {
        if (pcch) *pcch = (DWORD)errorDescription_.size();
        return errorDescription_.empty() ? nullptr : strings_.keepWide(errorDescription_);
    }
    HRESULT GetHeaderChanges(DWORD, DWORD*, PCSTR[HttpHeaderResponseMaximum], DWORD*, PCSTR**, PCSTR**,
                             DWORD[HttpHeaderResponseMaximum + 1], DWORD*, DWORD**) override {
        IB_UNSUPPORTED_HR("IHttpResponse::GetHeaderChanges");
    }
    VOID CloseConnection() override { host.responseSetNeedDisconnect(host_); }

private:
    void* host_;
    StringStore& strings_;
    DWORD chunksWritten_ = 0;
    bool buffering_ = true;
    ShimCachePolicy cachePolicy_;
    std::u16string errorDescription_;
};

} // namespace ib
