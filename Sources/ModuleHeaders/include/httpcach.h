/* isapi-bridge: httpcach.h, the keys of the server's caches (URI, file, token) in the SDK header's
 * vtable order. A key's GetCacheName names its cache (URI_CACHE_NAME...); what the host raises for
 * cache operations is in docs/porting-modules.md. Samples include this header beside httpserv.h. */
#ifndef ISAPI_BRIDGE_HTTPCACH_H
#define ISAPI_BRIDGE_HTTPCACH_H
#include "httpserv.h"

#define URI_CACHE_NAME   u"URI"
#define FILE_CACHE_NAME  u"FILE"
#define TOKEN_CACHE_NAME u"TOKEN"

class IUriKey : public IHttpCacheKey {
public:
    PCWSTR GetCacheName() const { return URI_CACHE_NAME; }
    virtual PCWSTR GetUrl() const = 0;
    virtual PCWSTR GetSiteName() const = 0;
    virtual DWORD GetSiteId() const = 0;
    virtual VOID UpdateFrequentlyHitTickCount(DWORD dwTicks) = 0;
    virtual PCWSTR GetConfigPath() const = 0;
};

class IFileKey : public IHttpCacheKey {
public:
    PCWSTR GetCacheName() const { return FILE_CACHE_NAME; }
    virtual PCWSTR GetPath() const = 0;
};

class IHttpTokenKey : public IHttpCacheKey {
public:
    PCWSTR GetCacheName() const { return TOKEN_CACHE_NAME; }
    virtual PCWSTR GetUserName() const = 0;
    virtual PCWSTR GetPasswordHash() const = 0;
    /* The LOGON32_LOGON_* method the user was logged on with. */
    virtual DWORD GetLogonMethod() const = 0;
};

#endif
