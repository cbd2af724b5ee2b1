// Registers for BeginRequest; its factory fails every GetHttpModule with ERROR_NOT_ENOUGH_MEMORY.
#include <windows.h>
#include <httpserv.h>

class CFailingFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = NULL;
        return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* pModuleInfo, IHttpServer*) {
    return pModuleInfo->SetRequestNotifications(new CFailingFactory, RQ_BEGIN_REQUEST, 0);
}
