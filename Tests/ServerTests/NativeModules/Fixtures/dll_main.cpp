// A module with a DllMain, declared as Windows sources declare it (no extern "C": windows.h gives it C
// linkage, as MSVC does). Every call is appended to a log the test reads: DllMain must see
// DLL_PROCESS_ATTACH before RegisterModule, and DLL_PROCESS_DETACH only after both the factory's and
// the global module's Terminate.
#include <windows.h>
#include <httpserv.h>
#include <string>

static std::string g_events;
extern "C" __attribute__((visibility("default"))) const char* DllMainEvents() { return g_events.c_str(); }

BOOL APIENTRY DllMain(HMODULE module, DWORD reason, LPVOID reserved) {
    if (!module || reserved) g_events += "bad-arguments ";
    switch (reason) {
    case DLL_PROCESS_ATTACH: g_events += "attach "; break;
    case DLL_PROCESS_DETACH: g_events += "detach "; break;
    default: g_events += "thread "; break;
    }
    return TRUE;
}

class CQuiet : public CHttpModule {};
class CQuietFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) { *module = new CQuiet; return S_OK; }
    void Terminate() { g_events += "factory-terminate "; }
};
class CQuietGlobal : public CGlobalModule {
public:
    GLOBAL_NOTIFICATION_STATUS OnGlobalPreBeginRequest(IPreBeginRequestProvider*) { return GL_NOTIFICATION_CONTINUE; }
    void Terminate() { g_events += "global-terminate "; }
};
static CQuietFactory g_factory;

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    g_events += "register ";
    HRESULT hr = info->SetRequestNotifications(&g_factory, RQ_BEGIN_REQUEST, 0);
    if (FAILED(hr)) return hr;
    return info->SetGlobalNotifications(new CQuietGlobal, GL_PRE_BEGIN_REQUEST);
}
