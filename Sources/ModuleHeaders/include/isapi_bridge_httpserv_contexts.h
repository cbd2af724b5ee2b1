/* isapi-bridge httpserv.h part: stored contexts and module context containers. */
#ifndef ISAPI_BRIDGE_HTTPSERV_CONTEXTS_H
#define ISAPI_BRIDGE_HTTPSERV_CONTEXTS_H

class IHttpStoredContext {
public:
    virtual VOID CleanupStoredContext() = 0;
};

class IHttpConnectionStoredContext : public IHttpStoredContext {
public:
    virtual VOID NotifyDisconnect() = 0;
};

class IHttpModuleContextContainer {
public:
    virtual IHttpStoredContext* GetModuleContext(_In_ HTTP_MODULE_ID moduleId) = 0;
    virtual HRESULT SetModuleContext(_In_ IHttpStoredContext* pStoredContext, _In_ HTTP_MODULE_ID moduleId) = 0;
};

class IHttpConnectionModuleContextContainer : public IHttpModuleContextContainer {
public:
    virtual IHttpConnectionStoredContext* GetConnectionModuleContext(_In_ HTTP_MODULE_ID moduleId) = 0;
    virtual HRESULT SetConnectionModuleContext(_In_ IHttpConnectionStoredContext* pStoredContext,
                                               _In_ HTTP_MODULE_ID moduleId) = 0;
};

class IDispensedHttpModuleContextContainer : public IHttpModuleContextContainer {
public:
    virtual VOID ReleaseContainer() = 0;
};

class INamedContextContainer {
public:
    virtual IHttpStoredContext* GetNamedContext(_In_ PCWSTR pszName) = 0;
    virtual HRESULT SetNamedContext(_In_ IHttpStoredContext* pStoredContext, _In_ PCWSTR pszName) = 0;
};

#endif
