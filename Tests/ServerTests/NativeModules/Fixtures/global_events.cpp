// GlobalEvents: a CGlobalModule subscribed to the server-wide notifications isapi-bridge raises,
// written from the IIS reference of each. Every notification appends one line to the file named by
// the environment variable ISAPI_BRIDGE_GLOBAL_EVENTS_LOG:
//   GL_APPLICATION_START   "start <GetApplicationId> <GetAppConfigPath>"; stores a context in the
//                          application's module context container
//   GL_APPLICATION_STOP    "stop <GetApplicationId> stored=<1 when the stored context is still there>"
//   GL_CONFIGURATION_CHANGE "config <GetChangePath>"
//   GL_THREAD_CLEANUP      "thread-cleanup <GetApplication()->GetApplicationId()>"
//   GL_HEALTH_CHECK        "health"
//   GL_CACHE_CLEANUP       "cleanup"
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string>

static std::string narrow(PCWSTR wide) {
    std::string out;
    for (; wide && *wide; wide++) out += (char)*wide;
    return out;
}

static void record(const std::string& line) {
    const char* path = getenv("ISAPI_BRIDGE_GLOBAL_EVENTS_LOG");
    if (path == NULL) return;
    FILE* file = fopen(path, "a");
    if (file == NULL) return;
    fprintf(file, "%s\n", line.c_str());
    fclose(file);
}

class Marker : public IHttpStoredContext {
public:
    void CleanupStoredContext() { delete this; }
};

class GlobalEvents : public CGlobalModule {
public:
    explicit GlobalEvents(HTTP_MODULE_ID id) : id_(id) {}

    GLOBAL_NOTIFICATION_STATUS OnGlobalApplicationStart(IHttpApplicationStartProvider* provider) {
        IHttpApplication* application = provider->GetApplication();
        record("start " + narrow(application->GetApplicationId()) + " " + narrow(application->GetAppConfigPath()));
        application->GetModuleContextContainer()->SetModuleContext(new Marker, id_);
        return GL_NOTIFICATION_CONTINUE;
    }

    GLOBAL_NOTIFICATION_STATUS OnGlobalApplicationStop(IHttpApplicationStopProvider* provider) {
        IHttpApplication* application = provider->GetApplication();
        bool stored = application->GetModuleContextContainer()->GetModuleContext(id_) != NULL;
        record("stop " + narrow(application->GetApplicationId()) + " stored=" + (stored ? "1" : "0"));
        return GL_NOTIFICATION_CONTINUE;
    }

    GLOBAL_NOTIFICATION_STATUS OnGlobalConfigurationChange(IGlobalConfigurationChangeProvider* provider) {
        record("config " + narrow(provider->GetChangePath()));
        return GL_NOTIFICATION_CONTINUE;
    }

    GLOBAL_NOTIFICATION_STATUS OnGlobalThreadCleanup(IGlobalThreadCleanupProvider* provider) {
        record("thread-cleanup " + narrow(provider->GetApplication()->GetApplicationId()));
        return GL_NOTIFICATION_CONTINUE;
    }

    GLOBAL_NOTIFICATION_STATUS OnGlobalHealthCheck() {
        record("health");
        return GL_NOTIFICATION_CONTINUE;
    }

    GLOBAL_NOTIFICATION_STATUS OnGlobalCacheCleanup() {
        record("cleanup");
        return GL_NOTIFICATION_CONTINUE;
    }

    VOID Terminate() { delete this; }

private:
    HTTP_MODULE_ID id_;
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    DWORD notifications = GL_APPLICATION_START | GL_APPLICATION_STOP | GL_CONFIGURATION_CHANGE | GL_HEALTH_CHECK |
                          GL_CACHE_CLEANUP | GL_THREAD_CLEANUP;
    return info->SetGlobalNotifications(new GlobalEvents(info->GetId()), notifications);
}
