// RegisterModule fails with HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED).
#include <windows.h>
#include <httpserv.h>

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo*, IHttpServer*) {
    return HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED);
}
