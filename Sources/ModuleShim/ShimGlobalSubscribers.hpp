// Global modules subscribed to the notifications the shim raises by itself, from module calls:
// GL_TRACE_EVENT (IHttpTraceContext::RaiseTraceEvent) and GL_CACHE_OPERATION
// (IHttpServer::DoCacheOperation). Kept from SetGlobalNotifications until CGlobalModule::Terminate.
#pragma once

#include "HostBridge.hpp"
#include <vector>

namespace ib {

struct GlobalSubscriber {
    CGlobalModule* module;
    HTTP_MODULE_ID id;
    std::string name;
    DWORD notifications;
};

void subscribeGlobal(CGlobalModule* module, HTTP_MODULE_ID id, const std::string& name, DWORD notifications);
void unsubscribeGlobal(CGlobalModule* module);
/// The subscribers of `notification` (one GL_* bit), in registration order.
std::vector<GlobalSubscriber> globalSubscribers(DWORD notification);

} // namespace ib
