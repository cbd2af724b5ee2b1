// The event providers handed to CHttpModule handlers, one object per notification call.
#pragma once

#include "ShimContext.hpp"

namespace ib {

/// Implements IHttpEventProvider and IAuthenticationProvider; the dispatcher hands out the view the
/// handler's signature expects. SetErrorStatus records the HRESULT on the Swift response.
class ShimEventProvider final : public IAuthenticationProvider {
public:
    explicit ShimEventProvider(ShimContext* context) : context_(context) {}
    VOID SetErrorStatus(HRESULT hr) override { host.setErrorStatus(context_->hostHandle(), hr); }
    /// The request is authenticated as `user` at once; the context owns it (DereferenceUser at
    /// request end). NULL leaves authentication to other modules.
    VOID SetUser(IHttpUser* user) override {
        if (!user) return;
        auto text = [](PCWSTR value) { return value ? toUTF8(value, length16(value)) : std::string(); };
        std::string name = text(user->GetUserName());
        std::string type = text(user->GetAuthenticationType());
        std::string password = text(user->GetPassword());
        host.userSet(context_->hostHandle(), name.c_str(), type.c_str(), password.c_str());
        context_->adoptUser(user);
    }

private:
    ShimContext* context_;
};

class ShimMapHandlerProvider final : public IMapHandlerProvider {
public:
    explicit ShimMapHandlerProvider(void* host) : host_(host) {}
    VOID SetErrorStatus(HRESULT hr) override { host.setErrorStatus(host_, hr); }
    HRESULT SetScriptName(PCWSTR, DWORD) override { IB_UNSUPPORTED_HR("IMapHandlerProvider::SetScriptName"); }
    VOID SetScriptMap(IScriptMapInfo*) override { ib::unsupported("IMapHandlerProvider::SetScriptMap"); }
    VOID SetFileInfo(IHttpFileInfo*) override { ib::unsupported("IMapHandlerProvider::SetFileInfo"); }

private:
    void* host_;
};

class ShimSendResponseProvider final : public ISendResponseProvider {
public:
    ShimSendResponseProvider(void* host, IBEvent* event) : host_(host), event_(event) {}
    VOID SetErrorStatus(HRESULT hr) override { host.setErrorStatus(host_, hr); }
    BOOL GetHeadersBeingSent() const override { return event_->headersBeingSent ? TRUE : FALSE; }
    DWORD GetFlags() const override { return event_->sendFlags; }
    VOID SetFlags(DWORD flags) override { event_->sendFlags = flags; }
    HTTP_LOG_DATA* GetLogData() const override { return nullptr; }
    HRESULT SetLogData(HTTP_LOG_DATA*) override { IB_UNSUPPORTED_HR("ISendResponseProvider::SetLogData"); }
    BOOL GetReadyToLogData() const override { return FALSE; }

private:
    void* host_;
    IBEvent* event_;
};

class ShimMapPathProvider final : public IMapPathProvider {
public:
    ShimMapPathProvider(void* host, IBEvent* event, StringStore& strings) : host_(host), event_(event) {
        const char* url = event->url ? event->url : "";
        const char* path = event->physicalPath ? event->physicalPath : "";
        url_ = strings.keepWide(toUTF16(url, strlen(url)));
        path_ = strings.keepWide(toUTF16(path, strlen(path)));
        strings_ = &strings;
    }
    VOID SetErrorStatus(HRESULT hr) override { host.setErrorStatus(host_, hr); }
    PCWSTR GetUrl() const override { return url_; }
    PCWSTR GetPhysicalPath() const override { return path_; }
    HRESULT SetPhysicalPath(PCWSTR path, DWORD cch) override {
        if (!path) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::u16string wide(path, cch ? cch : length16(path));
        std::string narrow = toUTF8(wide.data(), wide.size());
        path_ = strings_->keepWide(std::move(wide));
        if (event_->physicalPathEmit) event_->physicalPathEmit(event_->physicalPathOut, narrow.data(), narrow.size());
        return S_OK;
    }

private:
    void* host_;
    IBEvent* event_;
    StringStore* strings_;
    PCWSTR url_;
    PCWSTR path_;
};

class ShimReadEntityProvider final : public IReadEntityProvider {
public:
    explicit ShimReadEntityProvider(void* host) : host_(host) {}
    VOID SetErrorStatus(HRESULT hr) override { host.setErrorStatus(host_, hr); }
    VOID GetEntity(PVOID* pp, DWORD* pcbData, DWORD* pcbBuffer) override {
        if (pp) *pp = nullptr;
        if (pcbData) *pcbData = 0;
        if (pcbBuffer) *pcbBuffer = 0;
        ib::unsupported("IReadEntityProvider::GetEntity");
    }
    VOID SetEntity(PVOID, DWORD, DWORD) override { ib::unsupported("IReadEntityProvider::SetEntity"); }

private:
    void* host_;
};

class ShimCustomNotificationProvider final : public ICustomNotificationProvider {
public:
    explicit ShimCustomNotificationProvider(void* host) : host_(host) {}
    VOID SetErrorStatus(HRESULT hr) override { host.setErrorStatus(host_, hr); }
    PCWSTR QueryNotificationType() override { return u""; }

private:
    void* host_;
};

} // namespace ib
