// Benchmarks/blocking: a native module that blocks for 200 ms in OnBeginRequest when the URL
// starts with /sleep, and does nothing otherwise.
#define _WINSOCKAPI_
#include <windows.h>
#include <httpserv.h>
#include <wchar.h>
#include <time.h>

class SleepModule : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext *context, IHttpEventProvider *) override {
        PCWSTR path = context->GetScriptName();
        if (path != NULL && wcsncmp(path, L"/sleep", 6) == 0) {
            struct timespec pause = { 0, 200 * 1000 * 1000 };
            nanosleep(&pause, NULL);
        }
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class SleepFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule **module, IModuleAllocator *) override {
        *module = new SleepModule();
        return S_OK;
    }
    void Terminate() override { delete this; }
};

extern "C" HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo *info, IHttpServer *) {
    return info->SetRequestNotifications(new SleepFactory(), RQ_BEGIN_REQUEST, 0);
}
