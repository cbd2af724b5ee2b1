// Counts requests per connection in connection-scoped storage (IHttpConnectionStoredContext) and
// reports the count in the X-Connection-Request-Count response header. Its module object comes
// from the request pool (IModuleAllocator placement new, as ASP.NET Core Module does).
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>
#include <atomic>
#include <new>

static HTTP_MODULE_ID g_moduleId = NULL;
static std::atomic<int> g_cleanups(0);
static std::atomic<int> g_disconnects(0);

/// For tests: how many connection counters were cleaned up / told of a disconnect.
extern "C" __attribute__((visibility("default"))) int ConnectionCounterCleanups() { return g_cleanups.load(); }
extern "C" __attribute__((visibility("default"))) int ConnectionCounterDisconnects() { return g_disconnects.load(); }

class CConnectionCount : public IHttpConnectionStoredContext {
public:
    DWORD requests = 0;
    VOID CleanupStoredContext() { g_cleanups++; delete this; }
    VOID NotifyDisconnect() { g_disconnects++; }

protected:
    virtual ~CConnectionCount() {}
};

class CConnectionCounter : public CHttpModule {
public:
    void* operator new(size_t size, IModuleAllocator* pAllocator) { return pAllocator->AllocateMemory((DWORD)size); }
    void operator delete(void*) {}

    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* pHttpContext, IHttpEventProvider* pProvider) {
        IHttpConnection* pConnection = pHttpContext->GetConnection();
        if (pConnection == NULL) return RQ_NOTIFICATION_CONTINUE;
        IHttpConnectionModuleContextContainer* pContainer = pConnection->GetModuleContextContainer();
        CConnectionCount* pCount = static_cast<CConnectionCount*>(pContainer->GetConnectionModuleContext(g_moduleId));
        if (pCount == NULL) {
            pCount = new (std::nothrow) CConnectionCount;
            if (pCount == NULL) {
                pProvider->SetErrorStatus(HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY));
                return RQ_NOTIFICATION_CONTINUE;
            }
            HRESULT hr = pContainer->SetConnectionModuleContext(pCount, g_moduleId);
            if (FAILED(hr)) {
                pCount->CleanupStoredContext();
                pProvider->SetErrorStatus(hr);
                return RQ_NOTIFICATION_CONTINUE;
            }
        }
        pCount->requests++;
        char value[16];
        int length = snprintf(value, sizeof value, "%u", (unsigned)pCount->requests);
        pHttpContext->GetResponse()->SetHeader("X-Connection-Request-Count", value, (USHORT)length, TRUE);
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class CConnectionCounterFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator* pAllocator) {
        CConnectionCounter* pModule = new (pAllocator) CConnectionCounter;
        if (!pModule) return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
        *ppModule = pModule;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD dwServerVersion, IHttpModuleRegistrationInfo* pModuleInfo,
                                 IHttpServer* pGlobalInfo) {
    UNREFERENCED_PARAMETER(dwServerVersion);
    UNREFERENCED_PARAMETER(pGlobalInfo);
    g_moduleId = pModuleInfo->GetId();
    return pModuleInfo->SetRequestNotifications(new CConnectionCounterFactory, RQ_BEGIN_REQUEST, 0);
}
