/* isapi-bridge httpserv.h part: the descriptors a module receives from the server (file, URL, script
 * map, metadata, cache policy, trace context, cache keys and records), in the SDK header's vtable order.
 * Which of them the host fills in, and what the others answer, is in docs/porting-modules.md. */
#ifndef ISAPI_BRIDGE_HTTPSERV_CACHE_H
#define ISAPI_BRIDGE_HTTPSERV_CACHE_H

class IHttpPerfCounterInfo {
public:
    virtual VOID IncrementCounter(DWORD dwCounterIndex, DWORD dwValue = 1) = 0;
    virtual VOID DecrementCounter(DWORD dwCounterIndex, DWORD dwValue = 1) = 0;
};

class IHttpUrlInfo {
public:
    virtual IHttpModuleContextContainer* GetModuleContextContainer() = 0;
    virtual BOOL IsFrequentlyHit() const = 0;
};

class IScriptMapInfo {
public:
    virtual PCWSTR GetPath() const = 0;
    virtual PCSTR GetAllowedVerbs() const = 0;
    virtual PCWSTR GetModules(_Out_ DWORD* pcchModules = NULL) const = 0;
    virtual PCWSTR GetScriptProcessor(_Out_ DWORD* pcchScriptProcessor = NULL) const = 0;
    virtual PCWSTR GetManagedType(_Out_ DWORD* pcchManagedType = NULL) const = 0;
    virtual BOOL GetAllowPathInfoForScriptMappings() const = 0;
    virtual DWORD GetRequiredAccess() const = 0;
    virtual DWORD GetResourceType() const = 0;
    virtual BOOL GetIsStarScriptMap() const = 0;
    virtual DWORD GetResponseBufferLimit() const = 0;
    virtual PCWSTR GetName() const = 0;
};

class IMetadataInfo {
public:
    virtual PCWSTR GetMetaPath() const = 0;
    virtual PCWSTR GetVrPath() const = 0;
    virtual IHttpTokenEntry* GetVrToken() = 0;
    virtual IHttpModuleContextContainer* GetModuleContextContainer() = 0;
};

class IReferencedMetadataInfo : public IMetadataInfo {
public:
    virtual VOID ReferenceMetadata() = 0;
    virtual VOID DereferenceMetadata() = 0;
};

class IHttpCachePolicy {
public:
    virtual HTTP_CACHE_POLICY* GetKernelCachePolicy() = 0;
    virtual VOID SetKernelCacheInvalidatorSet() = 0;
    virtual HTTP_CACHE_POLICY* GetUserCachePolicy() = 0;
    virtual HRESULT AppendVaryByHeader(_In_ PCSTR pszHeader) = 0;
    virtual PCSTR GetVaryByHeaders() const = 0;
    virtual HRESULT AppendVaryByQueryString(_In_ PCSTR pszParam) = 0;
    virtual PCSTR GetVaryByQueryStrings() const = 0;
    virtual HRESULT SetVaryByValue(_In_ PCSTR pszValue) = 0;
    virtual PCSTR GetVaryByValue() const = 0;
    virtual BOOL IsUserCacheEnabled() const = 0;
    virtual VOID DisableUserCache() = 0;
    virtual BOOL IsCached() const = 0;
    virtual VOID SetIsCached() = 0;
    virtual BOOL GetKernelCacheInvalidatorSet() const = 0;
};

class IHttpCachePolicy2 : public IHttpCachePolicy {
public:
    virtual BOOL IsForceUpdateSet() const = 0;
    virtual VOID SetForceUpdate() = 0;
};

class IHttpTraceContext {
public:
    virtual HRESULT GetTraceConfiguration(_Inout_ HTTP_TRACE_CONFIGURATION* pHttpTraceConfiguration) = 0;
    virtual HRESULT SetTraceConfiguration(_In_ HTTP_MODULE_ID moduleId,
                                          _In_ HTTP_TRACE_CONFIGURATION* pHttpTraceConfiguration,
                                          _In_ DWORD cHttpTraceConfiguration = 1) = 0;
    virtual HRESULT RaiseTraceEvent(_In_ HTTP_TRACE_EVENT* pTraceEvent) = 0;
    virtual LPCGUID GetTraceActivityId() = 0;
    /* Level 4 is TRACE_LEVEL_INFORMATION. */
    virtual HRESULT QuickTrace(_In_ PCWSTR pszData1, _In_ PCWSTR pszData2 = NULL, _In_ HRESULT hrLastError = S_OK,
                               _In_ UCHAR Level = 4) = 0;
};

class IHttpCacheKey {
public:
    virtual DWORD GetHash() const = 0;
    virtual PCWSTR GetCacheName() const = 0;
    virtual bool GetIsEqual(_In_ IHttpCacheKey* pCacheCompareKey) const = 0;
    virtual bool GetIsPrefix(_In_ IHttpCacheKey* pCacheCompareKey) const = 0;
    virtual VOID Enum(_In_ IHttpCacheSpecificData* pCacheData) = 0;
};

class IHttpCacheSpecificData {
public:
    virtual IHttpCacheKey* GetCacheKey() const = 0;
    virtual VOID ReferenceCacheData() = 0;
    virtual VOID DereferenceCacheData() = 0;
    virtual VOID ResetTTL() = 0;
    virtual VOID DecrementTTL(_Out_ BOOL* pfTTLExpired) = 0;
    virtual VOID SetFlushed() = 0;
    virtual BOOL GetFlushed() const = 0;
};

class IHttpFileMonitor {
public:
    virtual IHttpModuleContextContainer* GetModuleContextContainer() = 0;
    virtual VOID DereferenceFileMonitor() = 0;
};

class IHttpFileInfo : public IHttpCacheSpecificData {
public:
    virtual DWORD GetAttributes() const = 0;
    virtual VOID GetSize(_Out_ ULARGE_INTEGER* pliSize) const = 0;
    virtual const BYTE* GetFileBuffer() const = 0;
    virtual HANDLE GetFileHandle() const = 0;
    virtual PCWSTR GetFilePath() const = 0;
    virtual PCSTR GetETag(_Out_ USHORT* pcchETag = NULL) const = 0;
    virtual VOID GetLastModifiedTime(_Out_ FILETIME* pFileTime) const = 0;
    virtual PCSTR GetLastModifiedString() const = 0;
    virtual BOOL GetHttpCacheAllowed(_Out_ DWORD* pSecondsToLive) const = 0;
    virtual HRESULT AccessCheck(_In_ HANDLE hUserToken, _In_ PSID pUserSid) = 0;
    virtual HANDLE GetVrToken() const = 0;
    virtual PCWSTR GetVrPath() const = 0;
    virtual IHttpModuleContextContainer* GetModuleContextContainer() = 0;
    virtual BOOL CheckIfFileHasChanged(_In_ HANDLE hUserToken) = 0;
};

class IHttpTokenEntry : public IHttpCacheSpecificData {
public:
    virtual HANDLE GetImpersonationToken() = 0;
    virtual HANDLE GetPrimaryToken() = 0;
    virtual PSID GetSid() = 0;
};

#endif
