// The server-wide global notifications with a provider built here: GL_APPLICATION_START/STOP
// (IHttpApplicationProvider with the site's application), GL_THREAD_CLEANUP
// (IGlobalThreadCleanupProvider, the same application), GL_CONFIGURATION_CHANGE
// (IGlobalConfigurationChangeProvider), GL_HEALTH_CHECK and GL_CACHE_CLEANUP (no provider).
#include "ShimContext.hpp"

using namespace ib;

namespace {

int32_t globalResult(GLOBAL_NOTIFICATION_STATUS value) {
    switch (value) {
    case GL_NOTIFICATION_CONTINUE: return 0;
    case GL_NOTIFICATION_HANDLED: return 1;
    case ISAPI_BRIDGE_GL_NOT_OVERRIDDEN: return -1;
    }
    return 0;
}

/// A site's application outside any request: the values the host passes, the site's storage.
class SiteApplication final : public IHttpApplication {
public:
    SiteApplication(DWORD siteId, const char* siteName, const char* physicalPath)
        : siteId_(siteId), physicalPath_(widen(physicalPath)),
          applicationId_(widen(("/LM/W3SVC/" + std::to_string(siteId) + "/ROOT").c_str())),
          configPath_(widen((std::string("MACHINE/WEBROOT/APPHOST/") + (siteName ? siteName : "")).c_str())) {}

    PCWSTR GetApplicationPhysicalPath() const override { return physicalPath_.c_str(); }
    PCWSTR GetApplicationId() const override { return applicationId_.c_str(); }
    PCWSTR GetAppConfigPath() const override { return configPath_.c_str(); }
    IHttpModuleContextContainer* GetModuleContextContainer() override { return &ShimApplication::containerFor(siteId_); }

private:
    static std::u16string widen(const char* text) { return text ? toUTF16(text, strlen(text)) : std::u16string(); }

    DWORD siteId_;
    std::u16string physicalPath_, applicationId_, configPath_;
};

class ApplicationProvider final : public IHttpApplicationProvider {
public:
    explicit ApplicationProvider(IHttpApplication* application) : application_(application) {}
    VOID SetErrorStatus(HRESULT) override {}
    IHttpApplication* GetApplication() override { return application_; }

private:
    IHttpApplication* application_;
};

class ThreadCleanupProvider final : public IGlobalThreadCleanupProvider {
public:
    explicit ThreadCleanupProvider(IHttpApplication* application) : application_(application) {}
    VOID SetErrorStatus(HRESULT) override {}
    IHttpApplication* GetApplication() override { return application_; }

private:
    IHttpApplication* application_;
};

class ConfigurationChangeProvider final : public IGlobalConfigurationChangeProvider {
public:
    explicit ConfigurationChangeProvider(const char* path) : path_(path ? toUTF16(path, strlen(path)) : std::u16string()) {}
    VOID SetErrorStatus(HRESULT) override {}
    PCWSTR GetChangePath() const override { return path_.c_str(); }

private:
    std::u16string path_;
};

} // namespace

extern "C" {

int32_t ib_global_application(void* globalModule, const char* moduleName, int32_t stop, uint32_t siteId,
                              const char* siteName, const char* physicalPath) {
    if (!globalModule) return 0;
    ModuleScope scope(moduleName);
    SiteApplication application(siteId, siteName, physicalPath);
    ApplicationProvider provider(&application);
    auto* module = static_cast<CGlobalModule*>(globalModule);
    try {
        return globalResult(stop ? module->OnGlobalApplicationStop(&provider) : module->OnGlobalApplicationStart(&provider));
    } catch (...) {
        return -2;
    }
}

int32_t ib_global_thread_cleanup(void* globalModule, const char* moduleName, uint32_t siteId, const char* siteName,
                                 const char* physicalPath) {
    if (!globalModule) return 0;
    ModuleScope scope(moduleName);
    SiteApplication application(siteId, siteName, physicalPath);
    ThreadCleanupProvider provider(&application);
    try { return globalResult(static_cast<CGlobalModule*>(globalModule)->OnGlobalThreadCleanup(&provider)); }
    catch (...) { return -2; }
}

int32_t ib_global_configuration_change(void* globalModule, const char* moduleName, const char* path) {
    if (!globalModule) return 0;
    ModuleScope scope(moduleName);
    ConfigurationChangeProvider provider(path);
    try { return globalResult(static_cast<CGlobalModule*>(globalModule)->OnGlobalConfigurationChange(&provider)); }
    catch (...) { return -2; }
}

int32_t ib_global_health_check(void* globalModule, const char* moduleName) {
    if (!globalModule) return 0;
    ModuleScope scope(moduleName);
    try { return globalResult(static_cast<CGlobalModule*>(globalModule)->OnGlobalHealthCheck()); }
    catch (...) { return -2; }
}

int32_t ib_global_cache_cleanup(void* globalModule, const char* moduleName) {
    if (!globalModule) return 0;
    ModuleScope scope(moduleName);
    try { return globalResult(static_cast<CGlobalModule*>(globalModule)->OnGlobalCacheCleanup()); }
    catch (...) { return -2; }
}

} // extern "C"
