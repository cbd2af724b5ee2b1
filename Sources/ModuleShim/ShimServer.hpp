// IHttpServer: the process-wide object RegisterModule receives. Almost everything is unsupported.
#pragma once

#include "ShimContainers.hpp"
#include "ShimFileInfo.hpp"
#include "ShimTraceContext.hpp"

namespace ib {

/// A container the caller owns; ReleaseContainer cleans up its stored contexts and deletes it.
class DispensedContainer final : public IDispensedHttpModuleContextContainer {
public:
    IHttpStoredContext* GetModuleContext(HTTP_MODULE_ID id) override { return inner_.GetModuleContext(id); }
    HRESULT SetModuleContext(IHttpStoredContext* context, HTTP_MODULE_ID id) override {
        return inner_.SetModuleContext(context, id);
    }
    VOID ReleaseContainer() override { delete this; }

private:
    RequestContainer inner_;
};

class ShimServer final : public IHttpServer {
public:
    static ShimServer& shared();

    BOOL IsCommandLineLaunch() const override { return TRUE; }
    PCWSTR GetAppPoolName() const override { return u"isapi-bridge"; }
    HRESULT AssociateWithThreadPool(HANDLE, LPOVERLAPPED_COMPLETION_ROUTINE) override {
        IB_UNSUPPORTED_HR("IHttpServer::AssociateWithThreadPool");
    }
    VOID IncrementThreadCount() override {}
    VOID DecrementThreadCount() override {}
    VOID ReportUnhealthy(PCWSTR reason, HRESULT hr) override;
    VOID RecycleProcess(PCWSTR reason) override;
    IAppHostAdminManager* GetAdminManager() const override {
        IB_UNSUPPORTED_VALUE("IHttpServer::GetAdminManager", nullptr);
    }
    /// The file at `path`, opened now (there is no file cache: fCache is ignored); the caller owns
    /// one reference and releases it with DereferenceCacheData.
    HRESULT GetFileInfo(PCWSTR path, HANDLE, PSID, PCWSTR, HANDLE, BOOL, IHttpFileInfo** pp, IHttpTraceContext* = NULL) override {
        if (pp) *pp = nullptr;
        if (!path || !pp) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        HRESULT hr = S_OK;
        *pp = ShimFileInfo::open(toUTF8(path, length16(path)), std::string(), hr);
        return hr;
    }
    HRESULT FlushKernelCache(PCWSTR) override { return S_OK; }
    /// Raises GL_CACHE_OPERATION to the global modules subscribed to it (they are the caches here),
    /// until one returns HANDLED (see ShimCacheOperation.cpp for the record passed in and out).
    HRESULT DoCacheOperation(CACHE_OPERATION operation, IHttpCacheKey* key, IHttpCacheSpecificData** pp,
                             IHttpTraceContext* trace = NULL) override;
    GLOBAL_NOTIFICATION_STATUS NotifyCustomNotification(ICustomNotificationProvider*) override {
        IB_UNSUPPORTED_VALUE("IHttpServer::NotifyCustomNotification", GL_NOTIFICATION_CONTINUE);
    }
    IHttpPerfCounterInfo* GetPerfCounterInfo() override { IB_UNSUPPORTED_VALUE("IHttpServer::GetPerfCounterInfo", nullptr); }
    /// The worker process is recycled (overlapped): one process serves every application here.
    VOID RecycleApplication(PCWSTR appConfigPath) override;
    VOID NotifyConfigurationChange(PCWSTR) override { ib::unsupported("IHttpServer::NotifyConfigurationChange"); }
    VOID NotifyFileChange(PCWSTR) override { ib::unsupported("IHttpServer::NotifyFileChange"); }
    IDispensedHttpModuleContextContainer* DispenseContainer() override { return new DispensedContainer(); }
    HRESULT AddFragmentToCache(HTTP_DATA_CHUNK*, PCWSTR) override { IB_UNSUPPORTED_HR("IHttpServer::AddFragmentToCache"); }
    HRESULT ReadFragmentFromCache(PCWSTR, BYTE*, DWORD, DWORD* pcbCopied) override {
        if (pcbCopied) *pcbCopied = 0;
        IB_UNSUPPORTED_HR("IHttpServer::ReadFragmentFromCache");
    }
    HRESULT RemoveFragmentFromCache(PCWSTR) override { IB_UNSUPPORTED_HR("IHttpServer::RemoveFragmentFromCache"); }
    HRESULT GetWorkerProcessSettings(IWpfSettings** pp) override {
        if (pp) *pp = nullptr;
        IB_UNSUPPORTED_HR("IHttpServer::GetWorkerProcessSettings");
    }
    HRESULT GetProtocolManagerCustomInterface(PCWSTR, PCWSTR, DWORD, PVOID* pp) override {
        if (pp) *pp = nullptr;
        IB_UNSUPPORTED_HR("IHttpServer::GetProtocolManagerCustomInterface");
    }
    BOOL SatisfiesPrecondition(PCWSTR precondition, BOOL* pfUnknown = NULL) const override;
    IHttpTraceContext* GetTraceContext() const override {
        static ShimTraceContext* serverWide = new ShimTraceContext(nullptr, nullptr);
        return serverWide;
    }
    HRESULT RegisterFileChangeMonitor(PCWSTR, HANDLE, IHttpFileMonitor** pp) override {
        if (pp) *pp = nullptr;
        IB_UNSUPPORTED_HR("IHttpServer::RegisterFileChangeMonitor");
    }
    HRESULT GetExtendedInterface(HTTP_SERVER_INTERFACE_VERSION, PVOID* pp) override {
        if (pp) *pp = nullptr;
        IB_UNSUPPORTED_HR("IHttpServer::GetExtendedInterface");
    }
};

} // namespace ib
