/* isapi-bridge httpserv.h part: the server objects (IHttpContext, IHttpRequest, IHttpResponse,
 * IHttpServer, ...) in the SDK header's vtable order. */
#ifndef ISAPI_BRIDGE_HTTPSERV_OBJECTS_H
#define ISAPI_BRIDGE_HTTPSERV_OBJECTS_H

class IHttpSite {
public:
    virtual DWORD GetSiteId() const = 0;
    virtual PCWSTR GetSiteName() const = 0;
    virtual IHttpModuleContextContainer* GetModuleContextContainer() = 0;
    virtual IHttpPerfCounterInfo* GetPerfCounterInfo() = 0;
};

class IHttpApplication {
public:
    virtual PCWSTR GetApplicationPhysicalPath() const = 0;
    virtual PCWSTR GetApplicationId() const = 0;
    virtual PCWSTR GetAppConfigPath() const = 0;
    virtual IHttpModuleContextContainer* GetModuleContextContainer() = 0;
};

class IHttpUser {
public:
    virtual PCWSTR GetRemoteUserName() = 0;
    virtual PCWSTR GetUserName() = 0;
    virtual PCWSTR GetAuthenticationType() = 0;
    virtual PCWSTR GetPassword() = 0;
    virtual HANDLE GetImpersonationToken() = 0;
    virtual HANDLE GetPrimaryToken() = 0;
    virtual VOID ReferenceUser() = 0;
    virtual VOID DereferenceUser() = 0;
    virtual BOOL SupportsIsInRole() = 0;
    virtual HRESULT IsInRole(_In_ PCWSTR pszRoleName, _Out_ BOOL* pfInRole) = 0;
    virtual PVOID GetUserVariable(_In_ PCSTR pszVariableName) = 0;
};

class IHttpConnection {
public:
    virtual BOOL IsConnected() const = 0;
    virtual VOID* AllocateMemory(_In_ DWORD cbAllocation) = 0;
    virtual IHttpConnectionModuleContextContainer* GetModuleContextContainer() = 0;
};

class IHttpRequest {
public:
    virtual HTTP_REQUEST* GetRawHttpRequest() = 0;
    virtual const HTTP_REQUEST* GetRawHttpRequest() const = 0;
    virtual PCSTR GetHeader(_In_ PCSTR pszHeaderName, _Out_ USHORT* pcchHeaderValue = NULL) const = 0;
    virtual PCSTR GetHeader(_In_ HTTP_HEADER_ID ulHeaderIndex, _Out_ USHORT* pcchHeaderValue = NULL) const = 0;
    virtual HRESULT SetHeader(_In_ PCSTR pszHeaderName, _In_ PCSTR pszHeaderValue, _In_ USHORT cchHeaderValue,
                              _In_ BOOL fReplace) = 0;
    virtual HRESULT SetHeader(_In_ HTTP_HEADER_ID ulHeaderIndex, _In_ PCSTR pszHeaderValue,
                              _In_ USHORT cchHeaderValue, _In_ BOOL fReplace) = 0;
    virtual HRESULT DeleteHeader(_In_ PCSTR pszHeaderName) = 0;
    virtual HRESULT DeleteHeader(_In_ HTTP_HEADER_ID ulHeaderIndex) = 0;
    virtual PCSTR GetHttpMethod() const = 0;
    virtual HRESULT SetHttpMethod(_In_ PCSTR pszHttpMethod) = 0;
    virtual HRESULT SetUrl(_In_ PCWSTR pszUrl, _In_ DWORD cchUrl, _In_ BOOL fResetQueryString) = 0;
    virtual HRESULT SetUrl(_In_ PCSTR pszUrl, _In_ DWORD cchUrl, _In_ BOOL fResetQueryString) = 0;
    virtual BOOL GetUrlChanged() const = 0;
    virtual PCWSTR GetForwardedUrl() const = 0;
    virtual PSOCKADDR GetLocalAddress() const = 0;
    virtual PSOCKADDR GetRemoteAddress() const = 0;
    virtual HRESULT ReadEntityBody(_Out_ VOID* pvBuffer, _In_ DWORD cbBuffer, _In_ BOOL fAsync,
                                   _Out_ DWORD* pcbBytesReceived, _Out_ BOOL* pfCompletionPending = NULL) = 0;
    virtual HRESULT InsertEntityBody(_In_ VOID* pvBuffer, _In_ DWORD cbBuffer) = 0;
    virtual DWORD GetRemainingEntityBytes() = 0;
    virtual VOID GetHttpVersion(_Out_ USHORT* pMajorVersion, _Out_ USHORT* pMinorVersion) const = 0;
    virtual HRESULT GetClientCertificate(_Outptr_ HTTP_SSL_CLIENT_CERT_INFO** ppClientCertInfo,
                                         _Out_ BOOL* pfClientCertNegotiated) = 0;
    virtual HRESULT NegotiateClientCertificate(_In_ BOOL fAsync, _Out_ BOOL* pfCompletionPending = NULL) = 0;
    virtual DWORD GetSiteId() const = 0;
    virtual HRESULT GetHeaderChanges(_In_ DWORD dwOldChangeNumber, _Out_ DWORD* pdwNewChangeNumber,
                                     _Inout_ PCSTR knownHeaderSnapshot[HttpHeaderRequestMaximum],
                                     _Inout_ DWORD* pdwUnknownHeaderSnapshot,
                                     _Inout_ PCSTR** ppUnknownHeaderNameSnapshot,
                                     _Inout_ PCSTR** ppUnknownHeaderValueSnapshot,
                                     _Out_ DWORD diffedKnownHeaderIndices[HttpHeaderRequestMaximum + 1],
                                     _Out_ DWORD* pdwDiffedUnknownHeaders,
                                     _Out_ DWORD** ppDiffedUnknownHeaderIndices) = 0;
};

class IHttpResponse {
public:
    virtual HTTP_RESPONSE* GetRawHttpResponse() = 0;
    virtual const HTTP_RESPONSE* GetRawHttpResponse() const = 0;
    virtual IHttpCachePolicy* GetCachePolicy() = 0;
    virtual HRESULT SetStatus(_In_ USHORT statusCode, _In_ PCSTR pszReason, _In_ USHORT uSubStatus = 0,
                              _In_ HRESULT hrErrorToReport = S_OK, _In_ IAppHostConfigException* pException = NULL,
                              _In_ BOOL fTrySkipCustomErrors = FALSE) = 0;
    virtual HRESULT SetHeader(_In_ PCSTR pszHeaderName, _In_ PCSTR pszHeaderValue, _In_ USHORT cchHeaderValue,
                              _In_ BOOL fReplace) = 0;
    virtual HRESULT SetHeader(_In_ HTTP_HEADER_ID ulHeaderIndex, _In_ PCSTR pszHeaderValue,
                              _In_ USHORT cchHeaderValue, _In_ BOOL fReplace) = 0;
    virtual HRESULT DeleteHeader(_In_ PCSTR pszHeaderName) = 0;
    virtual HRESULT DeleteHeader(_In_ HTTP_HEADER_ID ulHeaderIndex) = 0;
    virtual PCSTR GetHeader(_In_ PCSTR pszHeaderName, _Out_ USHORT* pcchHeaderValue = NULL) const = 0;
    virtual PCSTR GetHeader(_In_ HTTP_HEADER_ID ulHeaderIndex, _Out_ USHORT* pcchHeaderValue = NULL) const = 0;
    virtual VOID Clear() = 0;
    virtual VOID ClearHeaders() = 0;
    virtual VOID SetNeedDisconnect() = 0;
    virtual VOID ResetConnection() = 0;
    virtual VOID DisableKernelCache(ULONG reason = 9) = 0;
    virtual BOOL GetKernelCacheEnabled() const = 0;
    virtual VOID SuppressHeaders() = 0;
    virtual BOOL GetHeadersSuppressed() const = 0;
    virtual HRESULT Flush(_In_ BOOL fAsync, _In_ BOOL fMoreData, _Out_ DWORD* pcbSent,
                          _Out_ BOOL* pfCompletionExpected = NULL) = 0;
    virtual HRESULT Redirect(_In_ PCSTR pszUrl, _In_ BOOL fResetStatusCode = TRUE,
                             _In_ BOOL fIncludeParameters = FALSE) = 0;
    virtual HRESULT WriteEntityChunkByReference(_In_ HTTP_DATA_CHUNK* pDataChunk, _In_ LONG lInsertPosition = -1) = 0;
    virtual HRESULT WriteEntityChunks(_In_ HTTP_DATA_CHUNK* pDataChunks, _In_ DWORD nChunks, _In_ BOOL fAsync,
                                      _In_ BOOL fMoreData, _Out_ DWORD* pcbSent,
                                      _Out_ BOOL* pfCompletionExpected = NULL) = 0;
    virtual VOID DisableBuffering() = 0;
    virtual VOID GetStatus(_Out_ USHORT* pStatusCode, _Out_ USHORT* pSubStatus = NULL, _Out_ PCSTR* ppszReason = NULL,
                           _Out_ USHORT* pcchReason = NULL, _Out_ HRESULT* phrErrorToReport = NULL,
                           _Out_ PCWSTR* ppszModule = NULL, _Out_ DWORD* pdwNotification = NULL,
                           _Out_ IAppHostConfigException** ppException = NULL,
                           _Out_ BOOL* pfTrySkipCustomErrors = NULL) = 0;
    virtual HRESULT SetErrorDescription(_In_ PCWSTR pszDescription, _In_ DWORD cchDescription,
                                        _In_ BOOL fHtmlEncode = TRUE) = 0;
    virtual PCWSTR GetErrorDescription(_Out_ DWORD* pcchDescription = NULL) = 0;
    virtual HRESULT GetHeaderChanges(_In_ DWORD dwOldChangeNumber, _Out_ DWORD* pdwNewChangeNumber,
                                     _Inout_ PCSTR knownHeaderSnapshot[HttpHeaderResponseMaximum],
                                     _Inout_ DWORD* pdwUnknownHeaderSnapshot,
                                     _Inout_ PCSTR** ppUnknownHeaderNameSnapshot,
                                     _Inout_ PCSTR** ppUnknownHeaderValueSnapshot,
                                     _Out_ DWORD diffedKnownHeaderIndices[HttpHeaderResponseMaximum + 1],
                                     _Out_ DWORD* pdwDiffedUnknownHeaders,
                                     _Out_ DWORD** ppDiffedUnknownHeaderIndices) = 0;
    virtual VOID CloseConnection() = 0;
};

class IHttpContext {
public:
    virtual IHttpSite* GetSite() = 0;
    virtual IHttpApplication* GetApplication() = 0;
    virtual IHttpConnection* GetConnection() = 0;
    virtual IHttpRequest* GetRequest() = 0;
    virtual IHttpResponse* GetResponse() = 0;
    virtual BOOL GetResponseHeadersSent() const = 0;
    virtual IHttpUser* GetUser() const = 0;
    virtual IHttpModuleContextContainer* GetModuleContextContainer() = 0;
    virtual VOID IndicateCompletion(_In_ REQUEST_NOTIFICATION_STATUS notificationStatus) = 0;
    virtual HRESULT PostCompletion(_In_ DWORD cbBytes) = 0;
    virtual VOID DisableNotifications(_In_ DWORD dwNotifications, _In_ DWORD dwPostNotifications) = 0;
    virtual BOOL GetNextNotification(_In_ REQUEST_NOTIFICATION_STATUS status, _Out_ DWORD* pdwNotification,
                                     _Out_ BOOL* pfIsPostNotification, _Outptr_ CHttpModule** ppModuleInfo,
                                     _Outptr_ IHttpEventProvider** ppRequestOutput) = 0;
    virtual BOOL GetIsLastNotification(_In_ REQUEST_NOTIFICATION_STATUS status) = 0;
    virtual HRESULT ExecuteRequest(_In_ BOOL fAsync, _In_ IHttpContext* pHttpContext, _In_ DWORD dwExecuteFlags,
                                   _In_ IHttpUser* pHttpUser, _Out_ BOOL* pfCompletionExpected = NULL) = 0;
    virtual DWORD GetExecuteFlags() const = 0;
    virtual HRESULT GetServerVariable(_In_ PCSTR pszVariableName, _Outptr_ PCWSTR* ppszValue,
                                      _Out_ DWORD* pcchValueLength) = 0;
    virtual HRESULT GetServerVariable(_In_ PCSTR pszVariableName, _Outptr_ PCSTR* ppszValue,
                                      _Out_ DWORD* pcchValueLength) = 0;
    virtual HRESULT SetServerVariable(_In_ PCSTR pszVariableName, _In_ PCWSTR pszVariableValue) = 0;
    virtual VOID* AllocateRequestMemory(_In_ DWORD cbAllocation) = 0;
    virtual IHttpUrlInfo* GetUrlInfo() = 0;
    virtual IMetadataInfo* GetMetadata() = 0;
    virtual PCWSTR GetPhysicalPath(_Out_ DWORD* pcchPhysicalPath = NULL) = 0;
    virtual PCWSTR GetScriptName(_Out_ DWORD* pcchScriptName = NULL) const = 0;
    virtual PCWSTR GetScriptTranslated(_Out_ DWORD* pcchScriptTranslated = NULL) = 0;
    virtual IScriptMapInfo* GetScriptMap() const = 0;
    virtual VOID SetRequestHandled() = 0;
    virtual IHttpFileInfo* GetFileInfo() const = 0;
    virtual HRESULT MapPath(_In_ PCWSTR pszUrl, _Out_ PWSTR pszPhysicalPath, _Inout_ DWORD* pcbPhysicalPath) = 0;
    virtual HRESULT NotifyCustomNotification(_In_ ICustomNotificationProvider* pCustomOutput,
                                             _Out_ BOOL* pfCompletionExpected) = 0;
    virtual IHttpContext* GetParentContext() const = 0;
    virtual IHttpContext* GetRootContext() const = 0;
    virtual HRESULT CloneContext(_In_ DWORD dwCloneFlags, _Outptr_ IHttpContext** ppHttpContext) = 0;
    virtual HRESULT ReleaseClonedContext() = 0;
    virtual HRESULT GetCurrentExecutionStats(_Out_ DWORD* pdwNotification, _Out_ DWORD* pdwNotificationStartTickCount = NULL,
                                             _Out_ PCWSTR* ppszModule = NULL, _Out_ DWORD* pdwModuleStartTickCount = NULL,
                                             _Out_ DWORD* pdwAsyncNotification = NULL,
                                             _Out_ DWORD* pdwAsyncNotificationStartTickCount = NULL) const = 0;
    virtual IHttpTraceContext* GetTraceContext() const = 0;
    virtual HRESULT GetServerVarChanges(_In_ DWORD dwOldChangeNumber, _Out_ DWORD* pdwNewChangeNumber,
                                        _Inout_ DWORD* pdwVariableSnapshot, _Inout_ PCSTR** ppVariableNameSnapshot,
                                        _Inout_ PCWSTR** ppVariableValueSnapshot, _Out_ DWORD* pdwDiffedVariables,
                                        _Out_ DWORD** ppDiffedVariableIndices) = 0;
    virtual HRESULT CancelIo() = 0;
    virtual HRESULT MapHandler(_In_ DWORD dwSiteId, _In_ PCWSTR pszSiteName, _In_ PCWSTR pszUrl, _In_ PCSTR pszVerb,
                               _Outptr_ IScriptMapInfo** ppScriptMap, _In_ BOOL fIgnoreWildcardMappings = FALSE) = 0;
    virtual HRESULT GetExtendedInterface(_In_ HTTP_CONTEXT_INTERFACE_VERSION version, _Outptr_ PVOID* ppInterface) = 0;
};

class IHttpServer {
public:
    virtual BOOL IsCommandLineLaunch() const = 0;
    virtual PCWSTR GetAppPoolName() const = 0;
    virtual HRESULT AssociateWithThreadPool(_In_ HANDLE hHandle, _In_ LPOVERLAPPED_COMPLETION_ROUTINE completionRoutine) = 0;
    virtual VOID IncrementThreadCount() = 0;
    virtual VOID DecrementThreadCount() = 0;
    virtual VOID ReportUnhealthy(_In_ PCWSTR pszReasonString, _In_ HRESULT hrReason) = 0;
    virtual VOID RecycleProcess(_In_ PCWSTR pszReason) = 0;
    virtual IAppHostAdminManager* GetAdminManager() const = 0;
    virtual HRESULT GetFileInfo(_In_ PCWSTR pszPhysicalPath, _In_ HANDLE hUserToken, _In_ PSID pSid,
                                _In_ PCWSTR pszChangeNotificationPath, _In_ HANDLE hChangeNotificationToken,
                                _In_ BOOL fCache, _Outptr_ IHttpFileInfo** ppFileInfo,
                                _In_ IHttpTraceContext* pHttpTraceContext = NULL) = 0;
    virtual HRESULT FlushKernelCache(_In_ PCWSTR pszUrl) = 0;
    virtual HRESULT DoCacheOperation(_In_ CACHE_OPERATION cacheOperation, _In_ IHttpCacheKey* pCacheKey,
                                     _Outptr_ IHttpCacheSpecificData** ppCacheSpecificData,
                                     _In_ IHttpTraceContext* pHttpTraceContext = NULL) = 0;
    virtual GLOBAL_NOTIFICATION_STATUS NotifyCustomNotification(_In_ ICustomNotificationProvider* pCustomOutput) = 0;
    virtual IHttpPerfCounterInfo* GetPerfCounterInfo() = 0;
    virtual VOID RecycleApplication(_In_ PCWSTR pszAppConfigPath) = 0;
    virtual VOID NotifyConfigurationChange(_In_ PCWSTR pszPath) = 0;
    virtual VOID NotifyFileChange(_In_ PCWSTR pszFileName) = 0;
    virtual IDispensedHttpModuleContextContainer* DispenseContainer() = 0;
    virtual HRESULT AddFragmentToCache(_In_ HTTP_DATA_CHUNK* pDataChunk, _In_ PCWSTR pszFragmentName) = 0;
    virtual HRESULT ReadFragmentFromCache(_In_ PCWSTR pszFragmentName, _Out_ BYTE* pvBuffer, _In_ DWORD cbSize,
                                          _Out_ DWORD* pcbCopied) = 0;
    virtual HRESULT RemoveFragmentFromCache(_In_ PCWSTR pszFragmentName) = 0;
    virtual HRESULT GetWorkerProcessSettings(_Outptr_ IWpfSettings** ppWorkerProcessSettings) = 0;
    virtual HRESULT GetProtocolManagerCustomInterface(_In_ PCWSTR pProtocolManagerDll, _In_ PCWSTR pProtocolManagerDllInitFunction,
                                                      _In_ DWORD dwCustomInterfaceId, _Outptr_ PVOID* ppCustomInterface) = 0;
    virtual BOOL SatisfiesPrecondition(_In_ PCWSTR pszPrecondition, _Out_ BOOL* pfUnknownPrecondition = NULL) const = 0;
    virtual IHttpTraceContext* GetTraceContext() const = 0;
    virtual HRESULT RegisterFileChangeMonitor(_In_ PCWSTR pszPath, _In_ HANDLE hToken,
                                              _Outptr_ IHttpFileMonitor** ppFileMonitor) = 0;
    virtual HRESULT GetExtendedInterface(_In_ HTTP_SERVER_INTERFACE_VERSION version, _Outptr_ PVOID* ppInterface) = 0;
};

#endif
