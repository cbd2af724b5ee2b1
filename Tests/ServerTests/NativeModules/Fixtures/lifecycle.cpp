// Registers a request module (BeginRequest post-event, AuthorizeRequest) and a global module
// (GL_PRE_BEGIN_REQUEST) from one RegisterModule, as ASP.NET Core Module does; counts Terminate calls.
#include <windows.h>
#include <httpserv.h>
#include <atomic>
#include <string>

static std::atomic<int> g_factoryTerminations(0);
static std::atomic<int> g_globalTerminations(0);
extern "C" __attribute__((visibility("default"))) int LifecycleFactoryTerminations() { return g_factoryTerminations.load(); }
extern "C" __attribute__((visibility("default"))) int LifecycleGlobalTerminations() { return g_globalTerminations.load(); }

static std::atomic<int> g_userReleases(0);
extern "C" __attribute__((visibility("default"))) int LifecycleUserReleases() { return g_userReleases.load(); }

/// A user a module authenticates itself (IAuthenticationProvider::SetUser takes ownership).
class CNativeUser : public IHttpUser {
public:
    explicit CNativeUser(const char* name) {
        for (const char* c = name; *c; c++) name_.push_back((char16_t)*c);
    }
    PCWSTR GetRemoteUserName() { return name_.c_str(); }
    PCWSTR GetUserName() { return name_.c_str(); }
    PCWSTR GetAuthenticationType() { return u"Native"; }
    PCWSTR GetPassword() { return u""; }
    HANDLE GetImpersonationToken() { return NULL; }
    HANDLE GetPrimaryToken() { return NULL; }
    VOID ReferenceUser() { refs_++; }
    VOID DereferenceUser() { if (--refs_ == 0) { g_userReleases++; delete this; } }
    BOOL SupportsIsInRole() { return FALSE; }
    HRESULT IsInRole(PCWSTR, BOOL*) { return E_NOTIMPL; }
    PVOID GetUserVariable(PCSTR) { return NULL; }

private:
    virtual ~CNativeUser() {}
    std::u16string name_;
    std::atomic<int> refs_{1};
};

static std::string narrow(PCWSTR text) {
    std::string out;
    for (size_t i = 0; text && text[i]; i++) out.push_back((char)text[i]);
    return out;
}

static void put(IHttpResponse* response, const char* name, const std::string& value) {
    response->SetHeader(name, value.c_str(), (USHORT)value.size(), TRUE);
}

class CLifecycle : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnPostBeginRequest(IHttpContext* ctx, IHttpEventProvider*) {
        put(ctx->GetResponse(), "X-Post-Begin", "1");
        return RQ_NOTIFICATION_CONTINUE;
    }
    REQUEST_NOTIFICATION_STATUS OnAuthenticateRequest(IHttpContext* ctx, IAuthenticationProvider* provider) {
        PCSTR login = ctx->GetRequest()->GetHeader("X-Native-Login");
        if (login) provider->SetUser(new CNativeUser(login));
        return RQ_NOTIFICATION_CONTINUE;
    }
    REQUEST_NOTIFICATION_STATUS OnAuthorizeRequest(IHttpContext* ctx, IHttpEventProvider*) {
        IHttpUser* user = ctx->GetUser();
        put(ctx->GetResponse(), "X-Native-User", user ? narrow(user->GetUserName()) : "none");
        if (user) put(ctx->GetResponse(), "X-Native-Auth", narrow(user->GetAuthenticationType()));
        USHORT cch = 0;
        PCSTR pre = ctx->GetRequest()->GetHeader("X-Pre-Begin", &cch);
        put(ctx->GetResponse(), "X-Saw-Pre-Begin", pre ? std::string(pre, cch) : "-");
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class CLifecycleFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = new CLifecycle;
        return S_OK;
    }
    void Terminate() { g_factoryTerminations++; delete this; }
};

class CLifecycleGlobal : public CGlobalModule {
public:
    GLOBAL_NOTIFICATION_STATUS OnGlobalPreBeginRequest(IPreBeginRequestProvider* provider) {
        provider->GetHttpContext()->GetRequest()->SetHeader("X-Pre-Begin", "yes", 3, TRUE);
        return GL_NOTIFICATION_CONTINUE;
    }
    VOID Terminate() { g_globalTerminations++; delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    HRESULT hr = info->SetRequestNotifications(new CLifecycleFactory, RQ_AUTHENTICATE_REQUEST | RQ_AUTHORIZE_REQUEST, RQ_BEGIN_REQUEST);
    if (FAILED(hr)) return hr;
    hr = info->SetGlobalNotifications(new CLifecycleGlobal, GL_PRE_BEGIN_REQUEST);
    if (FAILED(hr)) return hr;
    return info->SetPriorityForGlobalNotification(GL_PRE_BEGIN_REQUEST, PRIORITY_ALIAS_LOW);
}
