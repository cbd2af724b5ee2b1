// UserAgent: keeps a private copy of the request's User-Agent in request memory
// (IHttpContext::AllocateRequestMemory: strlen + 1 bytes, freed by the server when the request
// ends, never by the module). A request without the header allocates nothing. Nothing is visible
// on the wire: the module only shows that the allocation is made and released with the request.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <new>
#include <string.h>

class UserAgentCopy : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider* provider) {
        USHORT length = 0;
        PCSTR agent = context->GetRequest()->GetHeader(HttpHeaderUserAgent, &length);
        if (agent == NULL || length == 0) return RQ_NOTIFICATION_CONTINUE;
        char* copy = (char*)context->AllocateRequestMemory((DWORD)length + 1);
        if (copy == NULL) {
            provider->SetErrorStatus(HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY));
            return RQ_NOTIFICATION_FINISH_REQUEST;
        }
        memcpy(copy, agent, length);
        copy[length] = '\0';
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class UserAgentCopyFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new (std::nothrow) UserAgentCopy;
        return *module != NULL ? S_OK : HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new UserAgentCopyFactory, RQ_BEGIN_REQUEST, 0);
}
