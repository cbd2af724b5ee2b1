// IHttpContext for one request: owns the request/response/user objects, the request container and
// the strings handed to modules; forwards the rest to the Swift context.
#pragma once

#include "ShimConnection.hpp"
#include "ShimRequest.hpp"
#include "ShimResponse.hpp"
#include "ShimSite.hpp"
#include "PendingCompletion.hpp"
#include "ShimUser.hpp"
#include "ShimFileInfo.hpp"
#include "ShimMetadata.hpp"
#include "ShimScriptMap.hpp"
#include "ShimTraceContext.hpp"
#include <memory>

namespace ib {

class ShimContext : public IHttpContext {
public:
    ShimContext(void* host, ShimConnection* connection)
        : host_(host), connection_(connection), request_(host, strings_), response_(host, strings_),
          user_(host, strings_), site_(host, strings_),
          application_(host, strings_) {}

    void* hostHandle() const { return host_; }
    PendingCompletion& completion() { return completion_; }
    StringStore& strings() { return strings_; }

    ~ShimContext() {
        if (fileInfo_) fileInfo_->DereferenceCacheData();
        for (IHttpUser* user : adoptedUsers_) {
            try { user->DereferenceUser(); }
            catch (...) { log(2, "a native module's IHttpUser::DereferenceUser threw an exception; ignored"); }
        }
    }

    /// A user set through IAuthenticationProvider::SetUser, released at request end.
    void adoptUser(IHttpUser* user) { adoptedUsers_.push_back(user); }
    RequestContainer& container() { return container_; }

    IHttpSite* GetSite() override { return &site_; }
    IHttpApplication* GetApplication() override { return &application_; }
    IHttpConnection* GetConnection() override { return connection_; }
    IHttpRequest* GetRequest() override { return &request_; }
    IHttpResponse* GetResponse() override { return &response_; }
    BOOL GetResponseHeadersSent() const override { return host.responseHeadersSent(host_) ? TRUE : FALSE; }
    IHttpUser* GetUser() const override { return user_.present() ? const_cast<ShimUser*>(&user_) : nullptr; }
    IHttpModuleContextContainer* GetModuleContextContainer() override { return &container_; }
    /// Thread-safe, like PostCompletion: the request resumes on its event loop with `status`.
    VOID IndicateCompletion(REQUEST_NOTIFICATION_STATUS status) override { completion_.signal(0, (uint32_t)status); }
    /// Thread-safe: the module's OnAsyncCompletion runs on the request's event loop with `cbBytes`.
    HRESULT PostCompletion(DWORD cbBytes) override {
        completion_.signal(1, cbBytes);
        return S_OK;
    }
    VOID DisableNotifications(DWORD notifications, DWORD postNotifications) override {
        host.disableNotifications(host_, notifications, postNotifications);
    }
    BOOL GetNextNotification(REQUEST_NOTIFICATION_STATUS, DWORD*, BOOL*, CHttpModule**, IHttpEventProvider**) override {
        return FALSE;
    }
    /// As IIS documents it, despite the name: TRUE when more notifications are pending for the
    /// request should the running handler return `status`.
    BOOL GetIsLastNotification(REQUEST_NOTIFICATION_STATUS status) override {
        return host.pendingNotifications(host_, (int32_t)status) ? TRUE : FALSE;
    }
    HRESULT ExecuteRequest(BOOL, IHttpContext*, DWORD, IHttpUser*, BOOL* pfCompletionExpected = NULL) override {
        if (pfCompletionExpected) *pfCompletionExpected = FALSE;
        IB_UNSUPPORTED_HR("IHttpContext::ExecuteRequest");
    }
    DWORD GetExecuteFlags() const override { return 0; }

    HRESULT GetServerVariable(PCSTR name, PCWSTR* ppValue, DWORD* pcch) override {
        if (ppValue) *ppValue = nullptr;
        if (pcch) *pcch = 0;
        if (!name || !ppValue) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::string value;
        if (!host.serverVariableGet(host_, name, &value, &emitString)) return HRESULT_FROM_WIN32(ERROR_INVALID_INDEX);
        std::u16string wide = toUTF16(value.data(), value.size());
        if (pcch) *pcch = (DWORD)wide.size();
        *ppValue = strings_.keepWide(std::move(wide));
        return S_OK;
    }
    HRESULT GetServerVariable(PCSTR name, PCSTR* ppValue, DWORD* pcch) override {
        if (ppValue) *ppValue = nullptr;
        if (pcch) *pcch = 0;
        if (!name || !ppValue) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::string value;
        if (!host.serverVariableGet(host_, name, &value, &emitString)) return HRESULT_FROM_WIN32(ERROR_INVALID_INDEX);
        if (pcch) *pcch = (DWORD)value.size();
        *ppValue = strings_.keep(std::move(value));
        return S_OK;
    }
    HRESULT SetServerVariable(PCSTR name, PCWSTR value) override {
        if (!name || !*name) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::string narrow = value ? toUTF8(value, length16(value)) : std::string();
        return host.serverVariableSet(host_, name, narrow.data(), narrow.size());
    }
    VOID* AllocateRequestMemory(DWORD cb) override { return host.requestAllocate(host_, cb); }
    IHttpUrlInfo* GetUrlInfo() override { IB_UNSUPPORTED_VALUE("IHttpContext::GetUrlInfo", nullptr); }
    IMetadataInfo* GetMetadata() override {
        if (!metadata_) {
            std::string metaPath, root;
            host.serverVariableGet(host_, "APPL_MD_PATH", &metaPath, &emitString);
            host.serverVariableGet(host_, "APPL_PHYSICAL_PATH", &root, &emitString);
            metadata_.reset(new ShimMetadata(toUTF16(metaPath.data(), metaPath.size()), toUTF16(root.data(), root.size())));
        }
        return metadata_.get();
    }
    PCWSTR GetPhysicalPath(DWORD* pcch = NULL) override { return wideVariable("PATH_TRANSLATED", pcch); }
    PCWSTR GetScriptName(DWORD* pcch = NULL) const override {
        std::string path;
        host.requestString(host_, IBRequestPath, &path, &emitString);
        std::u16string wide = toUTF16(path.data(), path.size());
        if (pcch) *pcch = (DWORD)wide.size();
        return const_cast<StringStore&>(strings_).keepWide(std::move(wide));
    }
    PCWSTR GetScriptTranslated(DWORD* pcch = NULL) override { return wideVariable("SCRIPT_TRANSLATED", pcch); }
    /// The handler mapping chosen at MapRequestHandler; NULL before it, or when no mapping matched.
    IScriptMapInfo* GetScriptMap() const override {
        ShimScriptMap* map = ShimScriptMap::current(host_);
        if (map) scriptMaps_.emplace_back(map);
        return map;
    }
    VOID SetRequestHandled() override { host.requestSetHandled(host_); }
    /// The file the request maps to (its physical path), opened on first use; NULL when there is no
    /// such file. The context holds the reference: callers do not DereferenceCacheData it.
    IHttpFileInfo* GetFileInfo() const override {
        if (!fileInfo_) {
            std::string path, root;
            host.serverVariableGet(host_, "PATH_TRANSLATED", &path, &emitString);
            host.serverVariableGet(host_, "APPL_PHYSICAL_PATH", &root, &emitString);
            HRESULT ignored;
            fileInfo_ = ShimFileInfo::open(path, root, ignored);
        }
        return fileInfo_;
    }
    HRESULT MapPath(PCWSTR, PWSTR, DWORD*) override { IB_UNSUPPORTED_HR("IHttpContext::MapPath"); }
    HRESULT NotifyCustomNotification(ICustomNotificationProvider*, BOOL* pfCompletionExpected) override {
        if (pfCompletionExpected) *pfCompletionExpected = FALSE;
        IB_UNSUPPORTED_HR("IHttpContext::NotifyCustomNotification");
    }
    IHttpContext* GetParentContext() const override { return nullptr; }
    IHttpContext* GetRootContext() const override { return const_cast<ShimContext*>(this); }
    HRESULT CloneContext(DWORD, IHttpContext** pp) override {
        if (pp) *pp = nullptr;
        IB_UNSUPPORTED_HR("IHttpContext::CloneContext");
    }
    HRESULT ReleaseClonedContext() override { IB_UNSUPPORTED_HR("IHttpContext::ReleaseClonedContext"); }
    HRESULT GetCurrentExecutionStats(DWORD*, DWORD* = NULL, PCWSTR* = NULL, DWORD* = NULL, DWORD* = NULL,
                                     DWORD* = NULL) const override {
        IB_UNSUPPORTED_HR("IHttpContext::GetCurrentExecutionStats");
    }
    IHttpTraceContext* GetTraceContext() const override {
        if (!trace_) trace_.reset(new ShimTraceContext(host_, const_cast<ShimContext*>(this)));
        return trace_.get();
    }
    HRESULT GetServerVarChanges(DWORD, DWORD*, DWORD*, PCSTR**, PCWSTR**, DWORD*, DWORD**) override {
        IB_UNSUPPORTED_HR("IHttpContext::GetServerVarChanges");
    }
    HRESULT CancelIo() override { return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE); }
    /// The request's own site's `<handlers>` answer, whatever site id and name are passed (a
    /// pipeline knows its site only); no entry matches: ERROR_NOT_FOUND.
    HRESULT MapHandler(DWORD, PCWSTR, PCWSTR url, PCSTR verb, IScriptMapInfo** pp, BOOL ignoreWildcard = FALSE) override {
        if (pp) *pp = nullptr;
        if (!url || !verb || !pp) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::string narrowURL = toUTF8(url, length16(url));
        ShimScriptMap* map = ShimScriptMap::forURL(host_, narrowURL.c_str(), verb, !ignoreWildcard);
        if (!map) return HRESULT_FROM_WIN32(1168);  // ERROR_NOT_FOUND
        scriptMaps_.emplace_back(map);
        *pp = map;
        return S_OK;
    }
    HRESULT GetExtendedInterface(HTTP_CONTEXT_INTERFACE_VERSION, PVOID* pp) override {
        if (pp) *pp = nullptr;
        IB_UNSUPPORTED_HR("IHttpContext::GetExtendedInterface");
    }

private:
    PCWSTR wideVariable(PCSTR name, DWORD* pcch) {
        PCWSTR value = nullptr;
        if (FAILED(GetServerVariable(name, &value, pcch))) return nullptr;
        return value;
    }

    void* host_;
    ShimConnection* connection_;
    StringStore strings_;
    ShimRequest request_;
    ShimResponse response_;
    ShimUser user_;
    ShimSite site_;
    ShimApplication application_;
    RequestContainer container_;
    PendingCompletion completion_;
    std::vector<IHttpUser*> adoptedUsers_;
    mutable ShimFileInfo* fileInfo_ = nullptr;
    mutable std::vector<std::unique_ptr<ShimScriptMap>> scriptMaps_;
    mutable std::unique_ptr<ShimTraceContext> trace_;
    std::unique_ptr<ShimMetadata> metadata_;
};

} // namespace ib
