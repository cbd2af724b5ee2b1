// IMetadataInfo of the request's configuration path (IHttpContext::GetMetadata): the site root's
// metabase path and physical path; module storage per path lives as long as the process (like
// site storage: configuration paths never end while isapi-bridge runs).
#pragma once

#include "ShimContainers.hpp"
#include <map>
#include <memory>

namespace ib {

class ShimMetadata final : public IMetadataInfo {
public:
    ShimMetadata(std::u16string metaPath, std::u16string virtualRoot)
        : metaPath_(std::move(metaPath)), virtualRoot_(std::move(virtualRoot)) {}

    PCWSTR GetMetaPath() const override { return metaPath_.c_str(); }
    PCWSTR GetVrPath() const override { return virtualRoot_.c_str(); }
    /// No virtual-directory credentials: requests run as the server process.
    IHttpTokenEntry* GetVrToken() override { return nullptr; }
    IHttpModuleContextContainer* GetModuleContextContainer() override {
        static std::mutex lock;
        static auto* containers = new std::map<std::u16string, std::unique_ptr<RequestContainer>>();
        std::lock_guard<std::mutex> guard(lock);
        auto& slot = (*containers)[metaPath_];
        if (!slot) slot.reset(new RequestContainer());
        return slot.get();
    }

private:
    std::u16string metaPath_, virtualRoot_;
};

} // namespace ib
