// IHttpModuleRegistrationInfo: what one RegisterModule call records, read back by the Swift loader.
// Also the CGlobalModule dispatch.
#include "ShimContext.hpp"
#include "ShimServer.hpp"
#include "ShimGlobalSubscribers.hpp"
#include <vector>

using namespace ib;

namespace {

/// PRIORITY_ALIAS_* -> 0 (FIRST) ... 4 (LAST), case-insensitively; -1 when unknown.
int32_t priorityCode(PCWSTR alias) {
    if (!alias) return -1;
    std::string text = toUTF8(alias, length16(alias));
    for (auto& c : text) c = (char)toupper((unsigned char)c);
    static const char* const names[5] = {"FIRST", "HIGH", "MEDIUM", "LOW", "LAST"};
    for (int32_t i = 0; i < 5; i++) if (text == names[i]) return i;
    return -1;
}

struct PriorityEntry {
    uint32_t mask;
    int32_t kind;
    int32_t priority;
};

} // namespace

struct IBRegistration final : public IHttpModuleRegistrationInfo2 {
    std::u16string name;
    std::string narrowName;
    HTTP_MODULE_ID id;
    IHttpModuleFactory* factory = nullptr;
    uint32_t requestMask = 0, postMask = 0;
    CGlobalModule* global = nullptr;
    uint32_t globalMask = 0;
    std::vector<PriorityEntry> priorities;

    PCWSTR GetName() const override { return name.c_str(); }
    HTTP_MODULE_ID GetId() const override { return id; }

    HRESULT SetRequestNotifications(IHttpModuleFactory* f, DWORD notifications, DWORD posts) override {
        if (!f) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        if (factory) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
        factory = f;
        requestMask = notifications;
        postMask = posts;
        return S_OK;
    }
    HRESULT SetGlobalNotifications(CGlobalModule* module, DWORD notifications) override {
        if (!module) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        if (global) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
        global = module;
        globalMask = notifications;
        if (notifications & (GL_TRACE_EVENT | GL_CACHE_OPERATION)) subscribeGlobal(module, id, narrowName, notifications);
        return S_OK;
    }
    HRESULT SetPriorityForRequestNotification(DWORD mask, PCWSTR alias) override { return record(mask, 0, alias); }
    HRESULT SetPriorityForGlobalNotification(DWORD mask, PCWSTR alias) override { return record(mask, 2, alias); }
    HRESULT SetPriorityForPostRequestNotification(DWORD mask, PCWSTR alias) override { return record(mask, 1, alias); }

private:
    HRESULT record(DWORD mask, int32_t kind, PCWSTR alias) {
        int32_t code = priorityCode(alias);
        if (code < 0) {
            log(2, "native module '" + narrowName + "' set an unknown priority alias '" +
                       (alias ? toUTF8(alias, length16(alias)) : std::string("(null)")) + "'");
            return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        }
        priorities.push_back(PriorityEntry{mask, kind, code});
        return S_OK;
    }
};

namespace {

int32_t globalStatus(GLOBAL_NOTIFICATION_STATUS value) {
    switch (value) {
    case GL_NOTIFICATION_CONTINUE: return 0;
    case GL_NOTIFICATION_HANDLED: return 1;
    case ISAPI_BRIDGE_GL_NOT_OVERRIDDEN: return -1;
    }
    return 0;
}

class ShimPreBeginRequestProvider final : public IPreBeginRequestProvider {
public:
    explicit ShimPreBeginRequestProvider(ShimContext* context) : context_(context) {}
    VOID SetErrorStatus(HRESULT hr) override { host.setErrorStatus(context_->hostHandle(), hr); }
    IHttpContext* GetHttpContext() override { return context_; }

private:
    ShimContext* context_;
};

class ShimStopListeningProvider final : public IGlobalStopListeningProvider {
public:
    VOID SetErrorStatus(HRESULT) override {}
    BOOL DrainRequestsGracefully() const override { return TRUE; }
};

} // namespace

struct IBContext;
ShimContext* shimContext(IBContext* context);

extern "C" {

IBRegistration* ib_registration_create(const char* name, uint64_t moduleID) {
    auto* registration = new IBRegistration();
    registration->narrowName = name ? name : "";
    registration->name = toUTF16(registration->narrowName.data(), registration->narrowName.size());
    registration->id = reinterpret_cast<HTTP_MODULE_ID>((uintptr_t)moduleID);
    return registration;
}

void ib_registration_destroy(IBRegistration* registration) { delete registration; }

int32_t ib_registration_call(IBRegistration* registration, void* registerModule, uint32_t serverVersion) {
    if (!registration || !registerModule) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    auto entry = reinterpret_cast<PFN_REGISTERMODULE>(registerModule);
    ModuleScope scope(registration->narrowName.c_str());
    try {
        return entry(serverVersion, registration, &ShimServer::shared());
    } catch (...) {
        log(2, "native module '" + registration->narrowName + "': RegisterModule threw an exception");
        return E_FAIL;
    }
}

void* ib_registration_factory(const IBRegistration* r) { return r ? r->factory : nullptr; }
uint32_t ib_registration_request_mask(const IBRegistration* r) { return r ? r->requestMask : 0; }
uint32_t ib_registration_post_mask(const IBRegistration* r) { return r ? r->postMask : 0; }
void* ib_registration_global_module(const IBRegistration* r) { return r ? r->global : nullptr; }
uint32_t ib_registration_global_mask(const IBRegistration* r) { return r ? r->globalMask : 0; }
uint32_t ib_registration_priority_count(const IBRegistration* r) { return r ? (uint32_t)r->priorities.size() : 0; }

int32_t ib_registration_priority_at(const IBRegistration* r, uint32_t index, uint32_t* mask, int32_t* kind) {
    if (!r || index >= r->priorities.size()) return -1;
    const auto& entry = r->priorities[index];
    if (mask) *mask = entry.mask;
    if (kind) *kind = entry.kind;
    return entry.priority;
}

int32_t ib_global_pre_begin_request(void* globalModule, IBContext* context, const char* moduleName) {
    if (!globalModule || !context) return 0;
    ModuleScope scope(moduleName);
    ShimPreBeginRequestProvider provider(shimContext(context));
    try { return globalStatus(static_cast<CGlobalModule*>(globalModule)->OnGlobalPreBeginRequest(&provider)); }
    catch (...) { return -2; }
}

int32_t ib_global_stop_listening(void* globalModule, const char* moduleName) {
    if (!globalModule) return 0;
    ModuleScope scope(moduleName);
    ShimStopListeningProvider provider;
    try { return globalStatus(static_cast<CGlobalModule*>(globalModule)->OnGlobalStopListening(&provider)); }
    catch (...) { return -2; }
}

void ib_global_terminate(void* globalModule, const char* moduleName) {
    if (!globalModule) return;
    unsubscribeGlobal(static_cast<CGlobalModule*>(globalModule));
    ModuleScope scope(moduleName);
    try { static_cast<CGlobalModule*>(globalModule)->Terminate(); }
    catch (...) { log(2, std::string("native module '") + moduleName + "': CGlobalModule::Terminate threw an exception"); }
}

} // extern "C"
