// IHttpSite: the request's site id and name; site-scoped module storage lives for the process
// (sites never end while isapi-bridge runs, so their stored contexts are never cleaned up).
#pragma once

#include "ShimContainers.hpp"
#include <map>
#include <memory>

namespace ib {

class ShimSite final : public IHttpSite {
public:
    ShimSite(void* host, StringStore& strings) : host_(host), strings_(strings) {}

    DWORD GetSiteId() const override {
        std::string ignored;
        return host.siteInfo(host_, &ignored, &emitString);
    }
    PCWSTR GetSiteName() const override {
        std::string name;
        host.siteInfo(host_, &name, &emitString);
        return strings_.keepWide(toUTF16(name.data(), name.size()));
    }
    IHttpModuleContextContainer* GetModuleContextContainer() override { return &containerFor(GetSiteId()); }
    IHttpPerfCounterInfo* GetPerfCounterInfo() override { IB_UNSUPPORTED_VALUE("IHttpSite::GetPerfCounterInfo", nullptr); }

private:
    static RequestContainer& containerFor(DWORD siteId) {
        static std::mutex lock;
        static std::map<DWORD, std::unique_ptr<RequestContainer>>* containers =
            new std::map<DWORD, std::unique_ptr<RequestContainer>>();  // never destroyed: sites outlive modules
        std::lock_guard<std::mutex> guard(lock);
        auto& slot = (*containers)[siteId];
        if (!slot) slot.reset(new RequestContainer());
        return *slot;
    }

    void* host_;
    StringStore& strings_;
};

/// IHttpApplication: one application per site, at "/", rooted at the site's physical path.
class ShimApplication final : public IHttpApplication {
public:
    ShimApplication(void* host, StringStore& strings) : host_(host), strings_(strings) {}

    PCWSTR GetApplicationPhysicalPath() const override {
        std::string path;
        host.serverVariableGet(host_, "APPL_PHYSICAL_PATH", &path, &emitString);
        return strings_.keepWide(toUTF16(path.data(), path.size()));
    }
    PCWSTR GetApplicationId() const override {
        std::string ignored;
        std::string id = "/LM/W3SVC/" + std::to_string(host.siteInfo(host_, &ignored, &emitString)) + "/ROOT";
        return strings_.keepWide(toUTF16(id.data(), id.size()));
    }
    PCWSTR GetAppConfigPath() const override {
        std::string name;
        host.siteInfo(host_, &name, &emitString);
        std::string path = "MACHINE/WEBROOT/APPHOST/" + name;
        return strings_.keepWide(toUTF16(path.data(), path.size()));
    }
    IHttpModuleContextContainer* GetModuleContextContainer() override {
        std::string ignored;
        return &containerFor(host.siteInfo(host_, &ignored, &emitString));
    }

    /// The application's module storage (one application per site), for the lifetime of the process.
    static RequestContainer& containerFor(DWORD siteId) {
        static std::mutex lock;
        static auto* containers = new std::map<DWORD, std::unique_ptr<RequestContainer>>();
        std::lock_guard<std::mutex> guard(lock);
        auto& slot = (*containers)[siteId];
        if (!slot) slot.reset(new RequestContainer());
        return *slot;
    }

private:
    void* host_;
    StringStore& strings_;
};

} // namespace ib
