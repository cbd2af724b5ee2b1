/* isapi-bridge httpserv.h part: the event providers handed to module handlers. */
#ifndef ISAPI_BRIDGE_HTTPSERV_PROVIDERS_H
#define ISAPI_BRIDGE_HTTPSERV_PROVIDERS_H

class IHttpEventProvider {
public:
    virtual VOID SetErrorStatus(_In_ HRESULT hrError) = 0;
};

class IAuthenticationProvider : public IHttpEventProvider {
public:
    virtual VOID SetUser(_In_ IHttpUser* pUser) = 0;
};

class IMapHandlerProvider : public IHttpEventProvider {
public:
    virtual HRESULT SetScriptName(_In_ PCWSTR pszScriptName, _In_ DWORD cchScriptName) = 0;
    virtual VOID SetScriptMap(_In_ IScriptMapInfo* pScriptMap) = 0;
    virtual VOID SetFileInfo(_In_ IHttpFileInfo* pFileInfo) = 0;
};

class IMapPathProvider : public IHttpEventProvider {
public:
    virtual PCWSTR GetUrl() const = 0;
    virtual PCWSTR GetPhysicalPath() const = 0;
    virtual HRESULT SetPhysicalPath(_In_ PCWSTR pszPhysicalPath, _In_ DWORD cchPhysicalPath) = 0;
};

class ISendResponseProvider : public IHttpEventProvider {
public:
    virtual BOOL GetHeadersBeingSent() const = 0;
    virtual DWORD GetFlags() const = 0;
    virtual VOID SetFlags(_In_ DWORD dwFlags) = 0;
    virtual HTTP_LOG_DATA* GetLogData() const = 0;
    virtual HRESULT SetLogData(_In_ HTTP_LOG_DATA* pLogData) = 0;
    virtual BOOL GetReadyToLogData() const = 0;
};

class IReadEntityProvider : public IHttpEventProvider {
public:
    virtual VOID GetEntity(_Out_ PVOID* ppBuffer, _Out_ DWORD* pcbData, _Out_ DWORD* pcbBuffer) = 0;
    virtual VOID SetEntity(_In_ PVOID pBuffer, _In_ DWORD cbData, _In_ DWORD cbBuffer) = 0;
};

class ICustomNotificationProvider : public IHttpEventProvider {
public:
    virtual PCWSTR QueryNotificationType() = 0;
};

class IHttpCompletionInfo {
public:
    virtual DWORD GetCompletionBytes() const = 0;
    virtual HRESULT GetCompletionStatus() const = 0;
};

class IHttpCompletionInfo2 : public IHttpCompletionInfo {
public:
    virtual DWORD GetCompletedOperation() const = 0;
};

/* Global-notification providers. */
class IGlobalStopListeningProvider : public IHttpEventProvider {
public:
    virtual BOOL DrainRequestsGracefully() const = 0;
};

class IPreBeginRequestProvider : public IHttpEventProvider {
public:
    virtual IHttpContext* GetHttpContext() = 0;
};

class IHttpApplicationProvider : public IHttpEventProvider {
public:
    virtual IHttpApplication* GetApplication() = 0;
};
typedef IHttpApplicationProvider IHttpApplicationStartProvider;
typedef IHttpApplicationProvider IHttpApplicationStopProvider;

class IHttpApplicationResolveModulesProvider : public IHttpApplicationProvider {
public:
    virtual HRESULT RegisterModule(_In_ HTTP_MODULE_ID parentModuleId, _In_ IHttpModuleFactory* pModuleFactory,
                                   _In_ PCWSTR pszModuleName, _In_ PCWSTR pszModuleType,
                                   _In_ PCWSTR pszModulePreCondition, _In_ DWORD dwRequestNotifications,
                                   _In_ DWORD dwPostRequestNotifications) = 0;
    virtual HRESULT SetPriorityForRequestNotification(_In_ PCWSTR pszModuleName, _In_ DWORD dwRequestNotification,
                                                      _In_ PCWSTR pszPriorityAlias) = 0;
};

/* OnGlobalTraceEvent's provider (the host never raises GL_TRACE_EVENT). */
class IGlobalTraceEventProvider : public IHttpEventProvider {
public:
    virtual HRESULT GetTraceEvent(_Outptr_ HTTP_TRACE_EVENT** ppTraceEvent) = 0;
    virtual BOOL CheckSubscription(_In_ HTTP_MODULE_ID ModuleId) = 0;
    virtual HRESULT GetCurrentHttpRequestContext(_Outptr_ IHttpContext** ppHttpContext) = 0;
};

/* Declared by name only: the host never raises these notifications. */
class ICacheProvider;
class IGlobalConfigurationChangeProvider;
class IGlobalFileChangeProvider;
class IGlobalRSCAQueryProvider;
class IGlobalThreadCleanupProvider;
class IGlobalApplicationPreloadProvider;
class IGlobalSuspendProcessCallback;

#endif
