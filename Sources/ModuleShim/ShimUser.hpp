// IHttpUser over the host's authenticated user (names as UTF-16, server-owned).
#pragma once

#include "HostBridge.hpp"

namespace ib {

class ShimUser : public IHttpUser {
public:
    ShimUser(void* host, StringStore& strings) : host_(host), strings_(strings) {}

    PCWSTR GetRemoteUserName() override { return field(IBUserName); }
    PCWSTR GetUserName() override { return field(IBUserName); }
    PCWSTR GetAuthenticationType() override { return field(IBUserAuthenticationType); }
    PCWSTR GetPassword() override { return field(IBUserPassword); }
    HANDLE GetImpersonationToken() override { IB_UNSUPPORTED_VALUE("IHttpUser::GetImpersonationToken", nullptr); }
    HANDLE GetPrimaryToken() override { IB_UNSUPPORTED_VALUE("IHttpUser::GetPrimaryToken", nullptr); }
    VOID ReferenceUser() override {}
    VOID DereferenceUser() override {}
    BOOL SupportsIsInRole() override { return FALSE; }
    HRESULT IsInRole(PCWSTR, BOOL* pfInRole) override {
        if (pfInRole) *pfInRole = FALSE;
        IB_UNSUPPORTED_HR("IHttpUser::IsInRole");
    }
    PVOID GetUserVariable(PCSTR) override { IB_UNSUPPORTED_VALUE("IHttpUser::GetUserVariable", nullptr); }

    /// Whether the host has an authenticated user for this request.
    bool present() const {
        std::string ignored;
        return host.userString && host.userString(host_, IBUserName, &ignored, &emitString) != 0;
    }

private:
    PCWSTR field(IBUserString which) {
        std::string value;
        if (!host.userString || !host.userString(host_, which, &value, &emitString)) return nullptr;
        return strings_.keepWide(toUTF16(value.data(), value.size()));
    }

    void* host_;
    StringStore& strings_;
};

} // namespace ib
