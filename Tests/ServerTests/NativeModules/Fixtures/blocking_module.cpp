// BlockingModule, for the pool-mode tests: in OnBeginRequest it reports what its callbacks see
// (X-Seen: the method, the URL, the X-Probe request header and whether SERVER_PORT is there) and
// the name of the thread it runs on (X-Thread), then continues. A URL starting with /wait first
// blocks until blocking_module_release(1); blocking_module_waiting() counts the calls waiting.
#define _WINSOCKAPI_
#include <windows.h>
#include <httpserv.h>

#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <atomic>
#include <string>

static std::atomic<int> released(0);
static std::atomic<int> waiting(0);

extern "C" __attribute__((visibility("default"))) void blocking_module_release(int value) { released = value; }
extern "C" __attribute__((visibility("default"))) int blocking_module_waiting() { return waiting; }

class BlockingModule : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) override {
        PCSTR url = NULL;
        DWORD urlLength = 0;
        context->GetServerVariable("URL", &url, &urlLength);
        std::string path = url == NULL ? std::string() : std::string(url, urlLength);
        if (path.compare(0, 5, "/wait") == 0) {
            waiting++;
            while (!released) usleep(1000);
            waiting--;
        }
        IHttpRequest* request = context->GetRequest();
        USHORT probeLength = 0;
        PCSTR probe = request->GetHeader("X-Probe", &probeLength);
        PCSTR port = NULL;
        DWORD portLength = 0;
        bool hasPort = SUCCEEDED(context->GetServerVariable("SERVER_PORT", &port, &portLength)) && port != NULL;
        std::string seen = std::string(request->GetHttpMethod()) + " " + path + " " +
                           (probe == NULL ? std::string("(absent)") : std::string(probe, probeLength)) + " " +
                           (hasPort ? "port" : "(no port)");
        char thread[16] = "";
        pthread_getname_np(pthread_self(), thread, sizeof thread);
        IHttpResponse* response = context->GetResponse();
        response->SetHeader("X-Seen", seen.c_str(), (USHORT)seen.size(), TRUE);
        response->SetHeader("X-Thread", thread, (USHORT)strlen(thread), TRUE);
        return RQ_NOTIFICATION_CONTINUE;
    }
};

class BlockingFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) override {
        *module = new BlockingModule();
        return S_OK;
    }
    void Terminate() override { delete this; }
};

extern "C" HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new BlockingFactory(), RQ_BEGIN_REQUEST, 0);
}
