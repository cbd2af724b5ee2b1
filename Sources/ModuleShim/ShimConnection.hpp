// IHttpConnection: liveness from the host, connection-scoped module storage.
#pragma once

#include "ShimContainers.hpp"

namespace ib {

class ShimConnection : public IHttpConnection {
public:
    explicit ShimConnection(void* host) : host_(host) {}

    BOOL IsConnected() const override {
        return host.connectionIsConnected ? host.connectionIsConnected(host_) : TRUE;
    }
    /// As documented: request-lifetime memory (of the connection's current request).
    VOID* AllocateMemory(DWORD cb) override { return host.connectionAllocate(host_, cb); }
    IHttpConnectionModuleContextContainer* GetModuleContextContainer() override { return &container_; }

    ConnectionContainer& container() { return container_; }

private:
    void* host_;
    ConnectionContainer container_;
};

} // namespace ib
