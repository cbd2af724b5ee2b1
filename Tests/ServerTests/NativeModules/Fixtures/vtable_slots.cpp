// VtableSlots: the vtable slot of every method of the interfaces httpserv.h, httpcach.h declare for
// modules to call or implement, checked against the Windows SDK header's declaration order (a
// module compiled against these headers must call the slot the SDK's would). Itanium C++ ABI: a
// pointer to a virtual member function holds 1 + the slot's byte offset in the vtable.
#include <httpserv.h>
#include <httpcach.h>

#include <stdint.h>
#include <string.h>
#include <string>

template <typename Method>
static long slot(Method method) {
    struct Representation { uintptr_t pointer; ptrdiff_t adjustment; } value;
    static_assert(sizeof(Method) == sizeof(Representation), "Itanium member-function pointer");
    memcpy(&value, &method, sizeof value);
    if ((value.pointer & 1) == 0) return -1;  // not virtual
    return (long)((value.pointer - 1) / sizeof(void*));
}

static int mismatches = 0;
static std::string first;

#define EXPECT_SLOT(method, expected)                                                  \
    do {                                                                               \
        long actual = slot(&method);                                                   \
        if (actual != (expected)) {                                                    \
            if (mismatches++ == 0)                                                     \
                first = std::string(#method) + " is in slot " + std::to_string(actual) + \
                        ", the SDK's is " + std::to_string(expected);                  \
        }                                                                              \
    } while (0)

static void check() {
    EXPECT_SLOT(IHttpPerfCounterInfo::IncrementCounter, 0);
    EXPECT_SLOT(IHttpPerfCounterInfo::DecrementCounter, 1);

    EXPECT_SLOT(IHttpUrlInfo::GetModuleContextContainer, 0);
    EXPECT_SLOT(IHttpUrlInfo::IsFrequentlyHit, 1);

    EXPECT_SLOT(IScriptMapInfo::GetPath, 0);
    EXPECT_SLOT(IScriptMapInfo::GetAllowedVerbs, 1);
    EXPECT_SLOT(IScriptMapInfo::GetModules, 2);
    EXPECT_SLOT(IScriptMapInfo::GetScriptProcessor, 3);
    EXPECT_SLOT(IScriptMapInfo::GetManagedType, 4);
    EXPECT_SLOT(IScriptMapInfo::GetAllowPathInfoForScriptMappings, 5);
    EXPECT_SLOT(IScriptMapInfo::GetRequiredAccess, 6);
    EXPECT_SLOT(IScriptMapInfo::GetResourceType, 7);
    EXPECT_SLOT(IScriptMapInfo::GetIsStarScriptMap, 8);
    EXPECT_SLOT(IScriptMapInfo::GetResponseBufferLimit, 9);
    EXPECT_SLOT(IScriptMapInfo::GetName, 10);

    EXPECT_SLOT(IMetadataInfo::GetMetaPath, 0);
    EXPECT_SLOT(IMetadataInfo::GetVrPath, 1);
    EXPECT_SLOT(IMetadataInfo::GetVrToken, 2);
    EXPECT_SLOT(IMetadataInfo::GetModuleContextContainer, 3);

    EXPECT_SLOT(IHttpCachePolicy::GetKernelCachePolicy, 0);
    EXPECT_SLOT(IHttpCachePolicy::SetKernelCacheInvalidatorSet, 1);
    EXPECT_SLOT(IHttpCachePolicy::GetUserCachePolicy, 2);
    EXPECT_SLOT(IHttpCachePolicy::AppendVaryByHeader, 3);
    EXPECT_SLOT(IHttpCachePolicy::GetVaryByHeaders, 4);
    EXPECT_SLOT(IHttpCachePolicy::AppendVaryByQueryString, 5);
    EXPECT_SLOT(IHttpCachePolicy::GetVaryByQueryStrings, 6);
    EXPECT_SLOT(IHttpCachePolicy::SetVaryByValue, 7);
    EXPECT_SLOT(IHttpCachePolicy::GetVaryByValue, 8);
    EXPECT_SLOT(IHttpCachePolicy::IsUserCacheEnabled, 9);
    EXPECT_SLOT(IHttpCachePolicy::DisableUserCache, 10);
    EXPECT_SLOT(IHttpCachePolicy::IsCached, 11);
    EXPECT_SLOT(IHttpCachePolicy::SetIsCached, 12);
    EXPECT_SLOT(IHttpCachePolicy::GetKernelCacheInvalidatorSet, 13);
    EXPECT_SLOT(IHttpCachePolicy2::IsForceUpdateSet, 14);
    EXPECT_SLOT(IHttpCachePolicy2::SetForceUpdate, 15);

    EXPECT_SLOT(IHttpTraceContext::GetTraceConfiguration, 0);
    EXPECT_SLOT(IHttpTraceContext::SetTraceConfiguration, 1);
    EXPECT_SLOT(IHttpTraceContext::RaiseTraceEvent, 2);
    EXPECT_SLOT(IHttpTraceContext::GetTraceActivityId, 3);
    EXPECT_SLOT(IHttpTraceContext::QuickTrace, 4);

    EXPECT_SLOT(IHttpCacheKey::GetHash, 0);
    EXPECT_SLOT(IHttpCacheKey::GetCacheName, 1);
    EXPECT_SLOT(IHttpCacheKey::GetIsEqual, 2);
    EXPECT_SLOT(IHttpCacheKey::GetIsPrefix, 3);
    EXPECT_SLOT(IHttpCacheKey::Enum, 4);
    EXPECT_SLOT(IUriKey::GetCacheName, 1);
    EXPECT_SLOT(IUriKey::GetUrl, 5);
    EXPECT_SLOT(IUriKey::GetSiteName, 6);
    EXPECT_SLOT(IUriKey::GetSiteId, 7);
    EXPECT_SLOT(IUriKey::UpdateFrequentlyHitTickCount, 8);
    EXPECT_SLOT(IUriKey::GetConfigPath, 9);
    EXPECT_SLOT(IFileKey::GetCacheName, 1);
    EXPECT_SLOT(IFileKey::GetPath, 5);
    EXPECT_SLOT(IHttpTokenKey::GetCacheName, 1);
    EXPECT_SLOT(IHttpTokenKey::GetUserName, 5);
    EXPECT_SLOT(IHttpTokenKey::GetPasswordHash, 6);
    EXPECT_SLOT(IHttpTokenKey::GetLogonMethod, 7);

    EXPECT_SLOT(IHttpCacheSpecificData::GetCacheKey, 0);
    EXPECT_SLOT(IHttpCacheSpecificData::ReferenceCacheData, 1);
    EXPECT_SLOT(IHttpCacheSpecificData::DereferenceCacheData, 2);
    EXPECT_SLOT(IHttpCacheSpecificData::ResetTTL, 3);
    EXPECT_SLOT(IHttpCacheSpecificData::DecrementTTL, 4);
    EXPECT_SLOT(IHttpCacheSpecificData::SetFlushed, 5);
    EXPECT_SLOT(IHttpCacheSpecificData::GetFlushed, 6);

    EXPECT_SLOT(IHttpFileMonitor::GetModuleContextContainer, 0);
    EXPECT_SLOT(IHttpFileMonitor::DereferenceFileMonitor, 1);

    EXPECT_SLOT(IHttpFileInfo::GetAttributes, 7);
    EXPECT_SLOT(IHttpFileInfo::GetSize, 8);
    EXPECT_SLOT(IHttpFileInfo::GetFileBuffer, 9);
    EXPECT_SLOT(IHttpFileInfo::GetFileHandle, 10);
    EXPECT_SLOT(IHttpFileInfo::GetFilePath, 11);
    EXPECT_SLOT(IHttpFileInfo::GetETag, 12);
    EXPECT_SLOT(IHttpFileInfo::GetLastModifiedTime, 13);
    EXPECT_SLOT(IHttpFileInfo::GetLastModifiedString, 14);
    EXPECT_SLOT(IHttpFileInfo::GetHttpCacheAllowed, 15);
    EXPECT_SLOT(IHttpFileInfo::AccessCheck, 16);
    EXPECT_SLOT(IHttpFileInfo::GetVrToken, 17);
    EXPECT_SLOT(IHttpFileInfo::GetVrPath, 18);
    EXPECT_SLOT(IHttpFileInfo::GetModuleContextContainer, 19);
    EXPECT_SLOT(IHttpFileInfo::CheckIfFileHasChanged, 20);

    EXPECT_SLOT(IHttpTokenEntry::GetImpersonationToken, 7);
    EXPECT_SLOT(IHttpTokenEntry::GetPrimaryToken, 8);
    EXPECT_SLOT(IHttpTokenEntry::GetSid, 9);

    // Providers: IHttpEventProvider::SetErrorStatus is slot 0.
    EXPECT_SLOT(IGlobalRSCAQueryProvider::GetFunctionName, 1);
    EXPECT_SLOT(IGlobalRSCAQueryProvider::GetFunctionParameters, 2);
    EXPECT_SLOT(IGlobalRSCAQueryProvider::GetOutputBuffer, 3);
    EXPECT_SLOT(IGlobalRSCAQueryProvider::ResizeOutputBuffer, 4);
    EXPECT_SLOT(IGlobalRSCAQueryProvider::SetResult, 5);
    EXPECT_SLOT(ICacheProvider::GetCacheOperation, 1);
    EXPECT_SLOT(ICacheProvider::GetCacheKey, 2);
    EXPECT_SLOT(ICacheProvider::GetCacheRecord, 3);
    EXPECT_SLOT(ICacheProvider::SetCacheRecord, 4);
    EXPECT_SLOT(ICacheProvider::GetTraceContext, 5);
    EXPECT_SLOT(IGlobalConfigurationChangeProvider::GetChangePath, 1);
    EXPECT_SLOT(IGlobalFileChangeProvider::GetFileName, 1);
    EXPECT_SLOT(IGlobalFileChangeProvider::GetFileMonitor, 2);
    EXPECT_SLOT(IGlobalTraceEventProvider::GetTraceEvent, 1);
    EXPECT_SLOT(IGlobalTraceEventProvider::CheckSubscription, 2);
    EXPECT_SLOT(IGlobalTraceEventProvider::GetCurrentHttpRequestContext, 3);
    EXPECT_SLOT(IGlobalThreadCleanupProvider::GetApplication, 1);
    EXPECT_SLOT(IGlobalApplicationPreloadProvider::CreateContext, 1);
    EXPECT_SLOT(IGlobalApplicationPreloadProvider::ExecuteRequest, 2);
    EXPECT_SLOT(IGlobalApplicationPreloadProvider2::IsProcessRecycled, 3);
    EXPECT_SLOT(IGlobalSuspendProcessCallback::Resume, 1);
}

extern "C" __attribute__((visibility("default"))) int VtableSlotMismatches() {
    if (mismatches == 0 && first.empty()) check();
    return mismatches;
}

extern "C" __attribute__((visibility("default"))) const char* VtableSlotFirstMismatch() {
    VtableSlotMismatches();
    return first.c_str();
}

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo*, IHttpServer*) { return S_OK; }
