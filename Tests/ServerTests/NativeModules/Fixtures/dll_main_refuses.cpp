// A module whose DllMain refuses DLL_PROCESS_ATTACH: the load must fail before RegisterModule, with
// DLL_PROCESS_DETACH sent after the refusal (as the Windows loader does).
#include <windows.h>
#include <httpserv.h>
#include <string>

static std::string g_events;
extern "C" __attribute__((visibility("default"))) const char* DllMainEvents() { return g_events.c_str(); }

BOOL WINAPI DllMain(HINSTANCE, DWORD reason, LPVOID) {
    g_events += reason == DLL_PROCESS_ATTACH ? "attach " : reason == DLL_PROCESS_DETACH ? "detach " : "other ";
    return reason != DLL_PROCESS_ATTACH;
}

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo*, IHttpServer*) {
    g_events += "register ";
    return S_OK;
}
