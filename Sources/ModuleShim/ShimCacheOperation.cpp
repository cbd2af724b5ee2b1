// IHttpServer::DoCacheOperation: GL_CACHE_OPERATION through an ICacheProvider, to the global
// modules that subscribed to it, in registration order, until one returns HANDLED. For ADD the
// caller's *ppCacheSpecificData is the record offered (GetCacheRecord) and NULL comes back; for the
// other operations *ppCacheSpecificData is the record a provider set (NULL when none did).
#include "ShimGlobalSubscribers.hpp"
#include "ShimServer.hpp"

namespace ib {

namespace {

class CacheProvider final : public ICacheProvider {
public:
    CacheProvider(CACHE_OPERATION operation, IHttpCacheKey* key, IHttpTraceContext* trace)
        : operation_(operation), key_(key), trace_(trace) {}
    VOID SetErrorStatus(HRESULT hr) override { error_ = hr; }
    CACHE_OPERATION GetCacheOperation() const override { return operation_; }
    IHttpCacheKey* GetCacheKey() const override { return key_; }
    IHttpCacheSpecificData* GetCacheRecord() const override { return record_; }
    VOID SetCacheRecord(IHttpCacheSpecificData* record) override { record_ = record; }
    IHttpTraceContext* GetTraceContext() const override { return trace_; }

    HRESULT error() const { return error_; }

private:
    CACHE_OPERATION operation_;
    IHttpCacheKey* key_;
    IHttpTraceContext* trace_;
    IHttpCacheSpecificData* record_ = nullptr;
    HRESULT error_ = S_OK;
};

} // namespace

HRESULT ShimServer::DoCacheOperation(CACHE_OPERATION operation, IHttpCacheKey* key, IHttpCacheSpecificData** pp,
                                     IHttpTraceContext* trace) {
    // ADD: the record to add is the one the caller passes in; the providers see it as GetCacheRecord.
    IHttpCacheSpecificData* incoming = (operation == CACHE_OPERATION_ADD && pp) ? *pp : nullptr;
    if (pp) *pp = nullptr;
    if (!key || !pp || operation < CACHE_OPERATION_RETRIEVE || operation > CACHE_OPERATION_ENUM)
        return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    CacheProvider provider(operation, key, trace ? trace : GetTraceContext());
    provider.SetCacheRecord(incoming);
    for (const auto& subscriber : globalSubscribers(GL_CACHE_OPERATION)) {
        ModuleScope scope(subscriber.name.c_str());
        GLOBAL_NOTIFICATION_STATUS status = GL_NOTIFICATION_CONTINUE;
        try { status = subscriber.module->OnGlobalCacheOperation(&provider); }
        catch (...) { log(2, "native module '" + subscriber.name + "' threw a C++ exception from OnGlobalCacheOperation"); }
        if (status == GL_NOTIFICATION_HANDLED) break;
    }
    // The caller keeps its own reference to what it added; other operations return what a provider set.
    *pp = operation == CACHE_OPERATION_ADD ? nullptr : provider.GetCacheRecord();
    return FAILED(provider.error()) ? provider.error() : S_OK;
}

} // namespace ib
