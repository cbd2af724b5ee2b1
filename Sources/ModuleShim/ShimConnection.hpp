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
    VOID* AllocateMemory(DWORD) override { IB_UNSUPPORTED_VALUE("IHttpConnection::AllocateMemory", nullptr); }
    IHttpConnectionModuleContextContainer* GetModuleContextContainer() override { return &container_; }

    ConnectionContainer& container() { return container_; }

private:
    void* host_;
    ConnectionContainer container_;
};

} // namespace ib
