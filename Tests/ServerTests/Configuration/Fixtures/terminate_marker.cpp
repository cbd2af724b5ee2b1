// A module whose factory's Terminate writes "terminated" to the file named by
// $ISAPI_BRIDGE_TERMINATE_MARKER: proof that shutdown terminated it. It sets X-Marker: loaded.
#include <windows.h>
#include <httpserv.h>
#include <stdio.h>
#include <stdlib.h>

class CMarker : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* pHttpContext, IHttpEventProvider*) {
        pHttpContext->GetResponse()->SetHeader("X-Marker", "loaded", 6, TRUE);
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class CMarkerFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = new CMarker;
        return S_OK;
    }
    void Terminate() {
        const char* path = getenv("ISAPI_BRIDGE_TERMINATE_MARKER");
        if (path != NULL) {
            FILE* file = fopen(path, "a");
            if (file != NULL) {
                fputs("terminated\n", file);
                fclose(file);
            }
        }
        delete this;
    }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* pModuleInfo, IHttpServer*) {
    return pModuleInfo->SetRequestNotifications(new CMarkerFactory, RQ_BEGIN_REQUEST, 0);
}
