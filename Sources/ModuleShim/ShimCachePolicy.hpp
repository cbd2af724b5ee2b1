// IHttpCachePolicy2 of one response (IHttpResponse::GetCachePolicy). Recorded, read back as
// set; isapi-bridge has neither a kernel nor a user-mode output cache, so nothing else changes.
#pragma once

#include "HostBridge.hpp"

namespace ib {

class ShimCachePolicy final : public IHttpCachePolicy2 {
public:
    HTTP_CACHE_POLICY* GetKernelCachePolicy() override { return &kernel_; }
    VOID SetKernelCacheInvalidatorSet() override { invalidatorSet_ = true; }
    HTTP_CACHE_POLICY* GetUserCachePolicy() override { return &user_; }
    HRESULT AppendVaryByHeader(PCSTR header) override { return append(varyHeaders_, header); }
    PCSTR GetVaryByHeaders() const override { return orNull(varyHeaders_); }
    HRESULT AppendVaryByQueryString(PCSTR parameter) override { return append(varyQuery_, parameter); }
    PCSTR GetVaryByQueryStrings() const override { return orNull(varyQuery_); }
    HRESULT SetVaryByValue(PCSTR value) override {
        if (!value) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        varyValue_ = value;
        return S_OK;
    }
    PCSTR GetVaryByValue() const override { return orNull(varyValue_); }
    BOOL IsUserCacheEnabled() const override { return userCacheEnabled_ ? TRUE : FALSE; }
    VOID DisableUserCache() override { userCacheEnabled_ = false; }
    BOOL IsCached() const override { return cached_ ? TRUE : FALSE; }
    VOID SetIsCached() override { cached_ = true; }
    BOOL GetKernelCacheInvalidatorSet() const override { return invalidatorSet_ ? TRUE : FALSE; }
    BOOL IsForceUpdateSet() const override { return forceUpdate_ ? TRUE : FALSE; }
    VOID SetForceUpdate() override { forceUpdate_ = true; }

private:
    /// A comma-separated list, as IIS reports varyByHeaders/varyByQueryString.
    static HRESULT append(std::string& list, PCSTR item) {
        if (!item || !*item) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        if (!list.empty()) list += ",";
        list += item;
        return S_OK;
    }
    static PCSTR orNull(const std::string& text) { return text.empty() ? nullptr : text.c_str(); }

    HTTP_CACHE_POLICY kernel_{HttpCachePolicyNocache, 0};
    HTTP_CACHE_POLICY user_{HttpCachePolicyNocache, 0};
    std::string varyHeaders_, varyQuery_, varyValue_;
    bool userCacheEnabled_ = true;
    bool cached_ = false;
    bool invalidatorSet_ = false;
    bool forceUpdate_ = false;
};

} // namespace ib
