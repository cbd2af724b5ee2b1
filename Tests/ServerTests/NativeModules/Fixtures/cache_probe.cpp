// CacheProbe: a global module that is a cache (GL_CACHE_OPERATION, as the IIS reference describes
// cache providers) and a request module that uses it through IHttpServer::DoCacheOperation with a
// key of its own (cache name "PROBE", the URL path as key). By query string at BeginRequest:
//   ?put=<text>  CACHE_OPERATION_ADD with a record holding <text>: "added 0x<hr>"
//   ?get         CACHE_OPERATION_RETRIEVE: "hit <text>" or "miss" (no record came back)
//   ?delete      CACHE_OPERATION_DELETE: "deleted 0x<hr>"
// The provider answers HANDLED for PROBE keys only; the record it hands back carries one reference
// for the caller (DereferenceCacheData).
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <stdio.h>
#include <string.h>
#include <map>
#include <mutex>
#include <string>

static IHttpServer* g_server = NULL;

class ProbeKey : public IHttpCacheKey {
public:
    explicit ProbeKey(const std::string& path) : path_(path) {}
    DWORD GetHash() const { return (DWORD)std::hash<std::string>()(path_); }
    PCWSTR GetCacheName() const { return u"PROBE"; }
    bool GetIsEqual(IHttpCacheKey* other) const { return static_cast<ProbeKey*>(other)->path_ == path_; }
    bool GetIsPrefix(IHttpCacheKey* other) const { return path_.rfind(static_cast<ProbeKey*>(other)->path_, 0) == 0; }
    VOID Enum(IHttpCacheSpecificData*) {}
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

class ProbeRecord : public IHttpCacheSpecificData {
public:
    ProbeRecord(const std::string& path, const std::string& value) : key_(path), value_(value), references_(1) {}
    IHttpCacheKey* GetCacheKey() const { return const_cast<ProbeKey*>(&key_); }
    VOID ReferenceCacheData() { references_++; }
    VOID DereferenceCacheData() { if (--references_ == 0) delete this; }
    VOID ResetTTL() {}
    VOID DecrementTTL(BOOL* expired) { if (expired) *expired = FALSE; }
    VOID SetFlushed() {}
    BOOL GetFlushed() const { return FALSE; }
    const std::string& value() const { return value_; }

private:
    ProbeKey key_;
    std::string value_;
    int references_;
};

static bool isProbeKey(IHttpCacheKey* key) {
    PCWSTR name = key ? key->GetCacheName() : NULL;
    return name && name[0] == 'P' && name[1] == 'R' && name[2] == 'O' && name[3] == 'B' && name[4] == 'E' && name[5] == 0;
}

class ProbeCache : public CGlobalModule {
public:
    GLOBAL_NOTIFICATION_STATUS OnGlobalCacheOperation(ICacheProvider* provider) {
        IHttpCacheKey* key = provider->GetCacheKey();
        if (!isProbeKey(key)) return GL_NOTIFICATION_CONTINUE;
        const std::string& path = static_cast<ProbeKey*>(key)->path();
        std::lock_guard<std::mutex> guard(lock_);
        switch (provider->GetCacheOperation()) {
        case CACHE_OPERATION_ADD: {
            ProbeRecord* record = static_cast<ProbeRecord*>(provider->GetCacheRecord());
            if (record == NULL) return GL_NOTIFICATION_CONTINUE;
            record->ReferenceCacheData();
            if (entries_.count(path)) entries_[path]->DereferenceCacheData();
            entries_[path] = record;
            return GL_NOTIFICATION_HANDLED;
        }
        case CACHE_OPERATION_RETRIEVE: {
            auto found = entries_.find(path);
            if (found == entries_.end()) return GL_NOTIFICATION_CONTINUE;
            found->second->ReferenceCacheData();
            provider->SetCacheRecord(found->second);
            return GL_NOTIFICATION_HANDLED;
        }
        case CACHE_OPERATION_DELETE: {
            auto found = entries_.find(path);
            if (found != entries_.end()) {
                found->second->DereferenceCacheData();
                entries_.erase(found);
            }
            return GL_NOTIFICATION_HANDLED;
        }
        default:
            return GL_NOTIFICATION_CONTINUE;
        }
    }
    VOID Terminate() {
        for (auto& entry : entries_) entry.second->DereferenceCacheData();
        delete this;
    }

private:
    std::mutex lock_;
    std::map<std::string, ProbeRecord*> entries_;
};

static std::string variable(IHttpContext* context, PCSTR name) {
    PCSTR value = NULL;
    DWORD length = 0;
    if (FAILED(context->GetServerVariable(name, &value, &length)) || value == NULL) return "";
    return std::string(value, length);
}

class CacheUser : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        std::string query = variable(context, "QUERY_STRING");
        ProbeKey key(variable(context, "URL"));
        char text[128];
        if (query.rfind("put=", 0) == 0) {
            // ADD hands the record in through the provider: the cache sees it as GetCacheRecord.
            ProbeRecord* record = new ProbeRecord(key.path(), query.substr(4));
            IHttpCacheSpecificData* data = record;
            HRESULT hr = g_server->DoCacheOperation(CACHE_OPERATION_ADD, &key, &data);
            record->DereferenceCacheData();
            snprintf(text, sizeof text, "added 0x%08X", (unsigned)hr);
        } else if (query == "get") {
            IHttpCacheSpecificData* data = NULL;
            g_server->DoCacheOperation(CACHE_OPERATION_RETRIEVE, &key, &data);
            if (data == NULL) {
                snprintf(text, sizeof text, "miss");
            } else {
                snprintf(text, sizeof text, "hit %s", static_cast<ProbeRecord*>(data)->value().c_str());
                data->DereferenceCacheData();
            }
        } else if (query == "delete") {
            IHttpCacheSpecificData* data = NULL;
            snprintf(text, sizeof text, "deleted 0x%08X", (unsigned)g_server->DoCacheOperation(CACHE_OPERATION_DELETE, &key, &data));
        } else {
            return RQ_NOTIFICATION_CONTINUE;
        }
        context->GetResponse()->SetHeader(HttpHeaderContentType, "text/plain", 10, TRUE);
        HTTP_DATA_CHUNK chunk;
        chunk.DataChunkType = HttpDataChunkFromMemory;
        chunk.FromMemory.pBuffer = text;
        chunk.FromMemory.BufferLength = (ULONG)strlen(text);
        DWORD sent = 0;
        context->GetResponse()->WriteEntityChunks(&chunk, 1, FALSE, FALSE, &sent);
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class CacheUserFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new CacheUser;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer* server) {
    g_server = server;
    HRESULT hr = info->SetGlobalNotifications(new ProbeCache, GL_CACHE_OPERATION);
    if (FAILED(hr)) return hr;
    return info->SetRequestNotifications(new CacheUserFactory, RQ_BEGIN_REQUEST, 0);
}
