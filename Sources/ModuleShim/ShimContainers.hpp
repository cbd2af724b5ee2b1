// Module context containers (IHttpModuleContextContainer, IHttpConnectionModuleContextContainer):
// one slot per module id, never overwritten, each stored context cleaned up exactly once.
#pragma once

#include "HostBridge.hpp"
#include <mutex>
#include <utility>
#include <vector>

namespace ib {

class RequestContainer : public IHttpModuleContextContainer {
public:
    ~RequestContainer() { cleanup(); }

    IHttpStoredContext* GetModuleContext(HTTP_MODULE_ID moduleId) override {
        std::lock_guard<std::mutex> guard(lock_);
        for (auto& entry : entries_) if (entry.first == moduleId) return entry.second;
        return nullptr;
    }

    HRESULT SetModuleContext(IHttpStoredContext* context, HTTP_MODULE_ID moduleId) override {
        if (!context) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::lock_guard<std::mutex> guard(lock_);
        for (auto& entry : entries_) if (entry.first == moduleId) return HRESULT_FROM_WIN32(ERROR_ALREADY_ASSIGNED);
        entries_.emplace_back(moduleId, context);
        return S_OK;
    }

    /// CleanupStoredContext on every entry, once; the container is empty afterwards.
    void cleanup() {
        std::vector<std::pair<HTTP_MODULE_ID, IHttpStoredContext*>> ending;
        {
            std::lock_guard<std::mutex> guard(lock_);
            ending.swap(entries_);
        }
        for (auto& entry : ending) {
            try { entry.second->CleanupStoredContext(); }
            catch (...) { log(2, "a native module's CleanupStoredContext threw an exception; ignored"); }
        }
    }

private:
    std::mutex lock_;
    std::vector<std::pair<HTTP_MODULE_ID, IHttpStoredContext*>> entries_;
};

class ConnectionContainer : public IHttpConnectionModuleContextContainer {
public:
    ~ConnectionContainer() { cleanup(); }

    IHttpStoredContext* GetModuleContext(HTTP_MODULE_ID moduleId) override {
        std::lock_guard<std::mutex> guard(lock_);
        for (auto& entry : entries_) if (entry.id == moduleId) return entry.context;
        return nullptr;
    }

    HRESULT SetModuleContext(IHttpStoredContext* context, HTTP_MODULE_ID moduleId) override {
        return set(context, nullptr, moduleId);
    }

    IHttpConnectionStoredContext* GetConnectionModuleContext(HTTP_MODULE_ID moduleId) override {
        std::lock_guard<std::mutex> guard(lock_);
        for (auto& entry : entries_) if (entry.id == moduleId) return entry.connectionContext;
        return nullptr;
    }

    HRESULT SetConnectionModuleContext(IHttpConnectionStoredContext* context, HTTP_MODULE_ID moduleId) override {
        return set(context, context, moduleId);
    }

    void notifyDisconnect() {
        std::vector<IHttpConnectionStoredContext*> targets;
        {
            std::lock_guard<std::mutex> guard(lock_);
            for (auto& entry : entries_) if (entry.connectionContext) targets.push_back(entry.connectionContext);
        }
        for (auto* target : targets) {
            try { target->NotifyDisconnect(); }
            catch (...) { log(2, "a native module's NotifyDisconnect threw an exception; ignored"); }
        }
    }

    void cleanup() {
        std::vector<Entry> ending;
        {
            std::lock_guard<std::mutex> guard(lock_);
            ending.swap(entries_);
        }
        for (auto& entry : ending) {
            try { entry.context->CleanupStoredContext(); }
            catch (...) { log(2, "a native module's CleanupStoredContext threw an exception; ignored"); }
        }
    }

private:
    struct Entry {
        HTTP_MODULE_ID id;
        IHttpStoredContext* context;
        IHttpConnectionStoredContext* connectionContext;
    };

    HRESULT set(IHttpStoredContext* context, IHttpConnectionStoredContext* connectionContext, HTTP_MODULE_ID moduleId) {
        if (!context) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        std::lock_guard<std::mutex> guard(lock_);
        for (auto& entry : entries_) if (entry.id == moduleId) return HRESULT_FROM_WIN32(ERROR_ALREADY_ASSIGNED);
        entries_.push_back(Entry{moduleId, context, connectionContext});
        return S_OK;
    }

    std::mutex lock_;
    std::vector<Entry> entries_;
};

} // namespace ib
