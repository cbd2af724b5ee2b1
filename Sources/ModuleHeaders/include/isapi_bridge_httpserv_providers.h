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

class IGlobalRSCAQueryProvider : public IHttpEventProvider {
public:
    virtual PCWSTR GetFunctionName() const = 0;
    virtual PCWSTR GetFunctionParameters() const = 0;
    virtual HRESULT GetOutputBuffer(_In_ DWORD cbBuffer, _Outptr_ BYTE** ppbBuffer) = 0;
    virtual HRESULT ResizeOutputBuffer(_In_ DWORD cbNewBuffer, _In_ DWORD cbBytesToCopy, _Inout_ BYTE** ppbBuffer) = 0;
    virtual VOID SetResult(_In_ DWORD cbData, _In_ HRESULT hr) = 0;
};

class ICacheProvider : public IHttpEventProvider {
public:
    virtual CACHE_OPERATION GetCacheOperation() const = 0;
    virtual IHttpCacheKey* GetCacheKey() const = 0;
    virtual IHttpCacheSpecificData* GetCacheRecord() const = 0;
    virtual VOID SetCacheRecord(_In_ IHttpCacheSpecificData* pCacheRecord) = 0;
    virtual IHttpTraceContext* GetTraceContext() const = 0;
};

class IGlobalConfigurationChangeProvider : public IHttpEventProvider {
public:
    virtual PCWSTR GetChangePath() const = 0;
};

class IGlobalFileChangeProvider : public IHttpEventProvider {
public:
    virtual PCWSTR GetFileName() const = 0;
    virtual IHttpFileMonitor* GetFileMonitor() = 0;
};

class IGlobalTraceEventProvider : public IHttpEventProvider {
public:
    virtual HRESULT GetTraceEvent(_Outptr_ HTTP_TRACE_EVENT** ppTraceEvent) = 0;
    virtual BOOL CheckSubscription(_In_ HTTP_MODULE_ID ModuleId) = 0;
    virtual HRESULT GetCurrentHttpRequestContext(_Outptr_ IHttpContext** ppHttpContext) = 0;
};

class IGlobalThreadCleanupProvider : public IHttpEventProvider {
public:
    virtual IHttpApplication* GetApplication() = 0;
};

class IGlobalApplicationPreloadProvider : public IHttpEventProvider {
public:
    virtual HRESULT CreateContext(_Outptr_ IHttpContext** ppHttpContext) = 0;
    virtual HRESULT ExecuteRequest(_In_ IHttpContext* pHttpContext, _In_ IHttpUser* pHttpUser) = 0;
};

class IGlobalApplicationPreloadProvider2 : public IGlobalApplicationPreloadProvider {
public:
    virtual BOOL IsProcessRecycled() const = 0;
};

class IGlobalSuspendProcessCallback : public IHttpEventProvider {
public:
    virtual HRESULT Resume() = 0;
};

#endif
