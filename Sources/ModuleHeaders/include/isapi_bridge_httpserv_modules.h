/* isapi-bridge httpserv.h part: module classes, factory, allocator, registration, entry point. */
#ifndef ISAPI_BRIDGE_HTTPSERV_MODULES_H
#define ISAPI_BRIDGE_HTTPSERV_MODULES_H

class IModuleAllocator {
public:
    virtual VOID* AllocateMemory(_In_ DWORD cbAllocation) = 0;
};

/* The default of every handler: the module subscribed without overriding (on IIS: DebugBreak). */
#define ISAPI_BRIDGE_DEFAULT_HANDLER(a, b) { UNREFERENCED_PARAMETER(a); UNREFERENCED_PARAMETER(b); \
    return ISAPI_BRIDGE_RQ_NOT_OVERRIDDEN; }
#define ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(a) { UNREFERENCED_PARAMETER(a); return ISAPI_BRIDGE_GL_NOT_OVERRIDDEN; }

class CHttpModule {
public:
    virtual REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostBeginRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnAuthenticateRequest(IHttpContext* c, IAuthenticationProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostAuthenticateRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnAuthorizeRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostAuthorizeRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnResolveRequestCache(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostResolveRequestCache(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnMapRequestHandler(IHttpContext* c, IMapHandlerProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostMapRequestHandler(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnAcquireRequestState(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostAcquireRequestState(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPreExecuteRequestHandler(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostPreExecuteRequestHandler(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnExecuteRequestHandler(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostExecuteRequestHandler(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnReleaseRequestState(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostReleaseRequestState(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnUpdateRequestCache(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostUpdateRequestCache(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnLogRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostLogRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnEndRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnPostEndRequest(IHttpContext* c, IHttpEventProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnSendResponse(IHttpContext* c, ISendResponseProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnMapPath(IHttpContext* c, IMapPathProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnReadEntity(IHttpContext* c, IReadEntityProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnCustomRequestNotification(IHttpContext* c, ICustomNotificationProvider* p) ISAPI_BRIDGE_DEFAULT_HANDLER(c, p)
    virtual REQUEST_NOTIFICATION_STATUS OnAsyncCompletion(IHttpContext* pHttpContext, DWORD dwNotification,
                                                          BOOL fPostNotification, IHttpEventProvider* pProvider,
                                                          IHttpCompletionInfo* pCompletionInfo) {
        UNREFERENCED_PARAMETER(pHttpContext); UNREFERENCED_PARAMETER(dwNotification);
        UNREFERENCED_PARAMETER(fPostNotification); UNREFERENCED_PARAMETER(pProvider);
        UNREFERENCED_PARAMETER(pCompletionInfo);
        return ISAPI_BRIDGE_RQ_NOT_OVERRIDDEN;
    }
    virtual VOID Dispose() { delete this; }

protected:
    CHttpModule() {}
    virtual ~CHttpModule() {}
};

class CGlobalModule {
public:
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalStopListening(IGlobalStopListeningProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalCacheCleanup() { return ISAPI_BRIDGE_GL_NOT_OVERRIDDEN; }
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalCacheOperation(ICacheProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalHealthCheck() { return ISAPI_BRIDGE_GL_NOT_OVERRIDDEN; }
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalConfigurationChange(IGlobalConfigurationChangeProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalFileChange(IGlobalFileChangeProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalPreBeginRequest(IPreBeginRequestProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalApplicationStart(IHttpApplicationStartProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalApplicationResolveModules(IHttpApplicationResolveModulesProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalApplicationStop(IHttpApplicationStopProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalRSCAQuery(IGlobalRSCAQueryProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalTraceEvent(IGlobalTraceEventProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalCustomNotification(ICustomNotificationProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual VOID Terminate() = 0;
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalThreadCleanup(IGlobalThreadCleanupProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnGlobalApplicationPreload(IGlobalApplicationPreloadProvider* p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
    virtual GLOBAL_NOTIFICATION_STATUS OnSuspendProcess(IGlobalSuspendProcessCallback** p) ISAPI_BRIDGE_DEFAULT_GLOBAL_HANDLER(p)
};

class IHttpModuleFactory {
public:
    virtual HRESULT GetHttpModule(_Outptr_ CHttpModule** ppModule, _In_ IModuleAllocator* pAllocator) = 0;
    virtual VOID Terminate() = 0;
};

class IHttpModuleRegistrationInfo {
public:
    virtual PCWSTR GetName() const = 0;
    virtual HTTP_MODULE_ID GetId() const = 0;
    virtual HRESULT SetRequestNotifications(_In_ IHttpModuleFactory* pModuleFactory, _In_ DWORD dwRequestNotifications,
                                            _In_ DWORD dwPostRequestNotifications) = 0;
    virtual HRESULT SetGlobalNotifications(_In_ CGlobalModule* pGlobalModule, _In_ DWORD dwGlobalNotifications) = 0;
    virtual HRESULT SetPriorityForRequestNotification(_In_ DWORD dwRequestNotification, _In_ PCWSTR pszPriority) = 0;
    virtual HRESULT SetPriorityForGlobalNotification(_In_ DWORD dwGlobalNotification, _In_ PCWSTR pszPriority) = 0;
};

class IHttpModuleRegistrationInfo2 : public IHttpModuleRegistrationInfo {
public:
    virtual HRESULT SetPriorityForPostRequestNotification(_In_ DWORD dwPostRequestNotification,
                                                          _In_ PCWSTR pszPriority) = 0;
};

typedef HRESULT (WINAPI* PFN_REGISTERMODULE)(DWORD dwServerVersion, IHttpModuleRegistrationInfo* pModuleInfo,
                                              IHttpServer* pGlobalInfo);

/* The entry point every module exports. extern "C" here gives a module's unannotated definition
 * C linkage, so the host finds it with dlsym(handle, "RegisterModule"). */
extern "C" __attribute__((visibility("default"))) HRESULT WINAPI
RegisterModule(DWORD dwServerVersion, IHttpModuleRegistrationInfo* pModuleInfo, IHttpServer* pGlobalInfo);

#endif
