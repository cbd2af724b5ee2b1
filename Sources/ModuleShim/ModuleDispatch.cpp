// Calls into module code on behalf of Swift: CHttpModule handlers (by RQ_* bit), Dispose,
// factories, and the request/connection objects' lifetimes. Module exceptions never escape.
#include "ShimProviders.hpp"

using namespace ib;

/// One request's IHttpContext. Its memory (about 1.7 KiB: past malloc's per-thread caches, so a
/// slow allocation and free per request) is kept for the next request by the thread that frees
/// it: one block per thread, never per connection (idle connections keep nothing).
struct IBContext {
    ShimContext context;
    IBContext(void* h, ShimConnection* c) : context(h, c) {}

    static void* operator new(size_t size) {
        if (void* block = spare.take(size)) return block;
        return ::operator new(size);
    }
    static void operator delete(void* block, size_t size) {
        if (!spare.give(block, size)) ::operator delete(block);
    }

private:
    struct Spare {
        void* block = nullptr;
        size_t size = 0;
        void* take(size_t wanted) {
            if (!block || size != wanted) return nullptr;
            void* taken = block;
            block = nullptr;
            return taken;
        }
        bool give(void* freed, size_t freedSize) {
            if (block) return false;
            block = freed;
            size = freedSize;
            return true;
        }
        ~Spare() { ::operator delete(block); }
    };
    static thread_local Spare spare;
};
thread_local IBContext::Spare IBContext::spare;
struct IBConnection { ShimConnection connection; explicit IBConnection(void* h) : connection(h) {} };

namespace {

class ShimAllocator final : public IModuleAllocator {
public:
    explicit ShimAllocator(void* host) : host_(host) {}
    VOID* AllocateMemory(DWORD cb) override { return host.allocatorAllocate(host_, cb); }

private:
    void* host_;
};

class ShimCompletionInfo final : public IHttpCompletionInfo {
public:
    ShimCompletionInfo(DWORD bytes, HRESULT status) : bytes_(bytes), status_(status) {}
    DWORD GetCompletionBytes() const override { return bytes_; }
    HRESULT GetCompletionStatus() const override { return status_; }

private:
    DWORD bytes_;
    HRESULT status_;
};

int32_t status(REQUEST_NOTIFICATION_STATUS value) {
    switch (value) {
    case RQ_NOTIFICATION_CONTINUE: return 0;
    case RQ_NOTIFICATION_PENDING: return 1;
    case RQ_NOTIFICATION_FINISH_REQUEST: return 2;
    case ISAPI_BRIDGE_RQ_NOT_OVERRIDDEN: return -1;
    }
    log(2, std::string("native module '") + (currentModule ? currentModule : "?") +
               "' returned an unknown REQUEST_NOTIFICATION_STATUS " + std::to_string((int)value) +
               "; treated as FINISH_REQUEST");
    return 2;
}

REQUEST_NOTIFICATION_STATUS dispatch(CHttpModule* m, ShimContext* c, IBEvent* e, StringStore& strings) {
    void* h = c->hostHandle();
    ShimEventProvider basic(c);
    IHttpEventProvider* p = &basic;
    bool post = e->isPost != 0;
    switch (e->notification) {
    case RQ_BEGIN_REQUEST: return post ? m->OnPostBeginRequest(c, p) : m->OnBeginRequest(c, p);
    case RQ_AUTHENTICATE_REQUEST: return post ? m->OnPostAuthenticateRequest(c, p) : m->OnAuthenticateRequest(c, &basic);
    case RQ_AUTHORIZE_REQUEST: return post ? m->OnPostAuthorizeRequest(c, p) : m->OnAuthorizeRequest(c, p);
    case RQ_RESOLVE_REQUEST_CACHE: return post ? m->OnPostResolveRequestCache(c, p) : m->OnResolveRequestCache(c, p);
    case RQ_MAP_REQUEST_HANDLER: {
        if (post) return m->OnPostMapRequestHandler(c, p);
        ShimMapHandlerProvider handler(h);
        return m->OnMapRequestHandler(c, &handler);
    }
    case RQ_ACQUIRE_REQUEST_STATE: return post ? m->OnPostAcquireRequestState(c, p) : m->OnAcquireRequestState(c, p);
    case RQ_PRE_EXECUTE_REQUEST_HANDLER:
        return post ? m->OnPostPreExecuteRequestHandler(c, p) : m->OnPreExecuteRequestHandler(c, p);
    case RQ_EXECUTE_REQUEST_HANDLER:
        return post ? m->OnPostExecuteRequestHandler(c, p) : m->OnExecuteRequestHandler(c, p);
    case RQ_RELEASE_REQUEST_STATE: return post ? m->OnPostReleaseRequestState(c, p) : m->OnReleaseRequestState(c, p);
    case RQ_UPDATE_REQUEST_CACHE: return post ? m->OnPostUpdateRequestCache(c, p) : m->OnUpdateRequestCache(c, p);
    case RQ_LOG_REQUEST: return post ? m->OnPostLogRequest(c, p) : m->OnLogRequest(c, p);
    case RQ_END_REQUEST: return post ? m->OnPostEndRequest(c, p) : m->OnEndRequest(c, p);
    case RQ_SEND_RESPONSE: {
        ShimSendResponseProvider send(h, e);
        return m->OnSendResponse(c, &send);
    }
    case RQ_MAP_PATH: {
        ShimMapPathProvider map(h, e, strings);
        return m->OnMapPath(c, &map);
    }
    case RQ_READ_ENTITY: {
        ShimReadEntityProvider read(h);
        return m->OnReadEntity(c, &read);
    }
    case RQ_CUSTOM_NOTIFICATION: {
        ShimCustomNotificationProvider custom(h);
        return m->OnCustomRequestNotification(c, &custom);
    }
    default:
        return RQ_NOTIFICATION_CONTINUE;
    }
}

} // namespace


extern "C" {

IBAllocator* ib_allocator_create(void* allocatorHost) {
    return reinterpret_cast<IBAllocator*>(new ShimAllocator(allocatorHost));
}

void ib_allocator_destroy(IBAllocator* allocator) { delete reinterpret_cast<ShimAllocator*>(allocator); }

int32_t ib_factory_get_module(void* factory, IBAllocator* allocator, const char* moduleName, void** module) {
    if (module) *module = nullptr;
    if (!factory || !module) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    ModuleScope scope(moduleName);
    CHttpModule* made = nullptr;
    HRESULT hr;
    try {
        hr = static_cast<IHttpModuleFactory*>(factory)->GetHttpModule(&made, reinterpret_cast<ShimAllocator*>(allocator));
    } catch (...) {
        log(2, std::string("native module '") + moduleName + "': GetHttpModule threw an exception");
        return E_FAIL;
    }
    if (SUCCEEDED(hr) && !made) return E_POINTER;
    *module = made;
    return hr;
}

void ib_factory_terminate(void* factory, const char* moduleName) {
    if (!factory) return;
    ModuleScope scope(moduleName);
    try { static_cast<IHttpModuleFactory*>(factory)->Terminate(); }
    catch (...) { log(2, std::string("native module '") + moduleName + "': factory Terminate threw an exception"); }
}

void ib_module_dispose(void* module, const char* moduleName) {
    if (!module) return;
    ModuleScope scope(moduleName);
    try { static_cast<CHttpModule*>(module)->Dispose(); }
    catch (...) { log(2, std::string("native module '") + moduleName + "': Dispose threw an exception"); }
}

IBConnection* ib_connection_create(void* connectionHost) { return new IBConnection(connectionHost); }

void ib_connection_notify_disconnect(IBConnection* connection) {
    if (connection) connection->connection.container().notifyDisconnect();
}

void ib_connection_destroy(IBConnection* connection) {
    if (!connection) return;
    connection->connection.container().cleanup();
    delete connection;
}

IBContext* ib_context_create(void* host, IBConnection* connection) {
    return new IBContext(host, connection ? &connection->connection : nullptr);
}

void ib_context_destroy(IBContext* context) {
    if (!context) return;
    context->context.container().cleanup();
    delete context;
}

int32_t ib_module_notify(void* module, IBContext* context, const char* moduleName, IBEvent* event) {
    if (!module || !context || !event) return 0;
    ModuleScope scope(moduleName);
    try {
        return status(dispatch(static_cast<CHttpModule*>(module), &context->context, event, context->context.strings()));
    } catch (...) {
        return -2;
    }
}

void ib_context_arm_completion(IBContext* context, void* completionHandle) {
    if (!context) {
        if (completionHandle && host.releaseCompletion) host.releaseCompletion(completionHandle);
        return;
    }
    context->context.completion().arm(completionHandle);
}

int32_t ib_module_async_completion(void* module, IBContext* context, const char* moduleName, uint32_t notification,
                                   int32_t isPost, uint32_t bytes, int32_t completionStatus) {
    if (!module || !context) return 0;
    ModuleScope scope(moduleName);
    ShimEventProvider provider(&context->context);
    ShimCompletionInfo info(bytes, completionStatus);
    try {
        return status(static_cast<CHttpModule*>(module)->OnAsyncCompletion(
            &context->context, notification, isPost ? TRUE : FALSE, &provider, &info));
    } catch (...) {
        return -2;
    }
}

} // extern "C"

ShimContext* shimContext(IBContext* context) { return context ? &context->context : nullptr; }
