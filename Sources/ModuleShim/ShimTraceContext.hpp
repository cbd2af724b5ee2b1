// IHttpTraceContext (IHttpContext::GetTraceContext, IHttpServer::GetTraceContext). A raised event
// is recorded in the request's trace (`isapi-bridge trace`), logged at debug level, and raised as
// GL_TRACE_EVENT to every global module subscribed to it (each filters with CheckSubscription,
// which matches the event against the configuration the module set with SetTraceConfiguration).
#pragma once

#include "HostBridge.hpp"

namespace ib {

class ShimTraceContext final : public IHttpTraceContext {
public:
    /// `handle` is the request's host object, or nullptr for the server-wide context.
    ShimTraceContext(void* handle, IHttpContext* context);

    HRESULT GetTraceConfiguration(HTTP_TRACE_CONFIGURATION* configuration) override;
    HRESULT SetTraceConfiguration(HTTP_MODULE_ID moduleId, HTTP_TRACE_CONFIGURATION* configurations,
                                  DWORD count = 1) override;
    HRESULT RaiseTraceEvent(HTTP_TRACE_EVENT* event) override;
    LPCGUID GetTraceActivityId() override { return &activity_; }
    HRESULT QuickTrace(PCWSTR data1, PCWSTR data2 = NULL, HRESULT hrLastError = S_OK, UCHAR level = 4) override;

private:
    void* handle_;
    IHttpContext* context_;
    GUID activity_;
};

} // namespace ib
