// TraceProbe: IHttpTraceContext and GL_TRACE_EVENT, written from the IIS reference. RegisterModule
// subscribes a global module to GL_TRACE_EVENT and, through IHttpServer::GetTraceContext, sets its
// trace configuration: the WWW global provider, every area, verbosity up to 5. The global module
// answers only events CheckSubscription accepts: it adds "X-Trace-Seen: <event name> <first item>"
// to the response of the request that raised the event (GetCurrentHttpRequestContext).
// The request module, at BeginRequest, by query string:
//   ?quick     QuickTrace(u"hello", u"world") on the request's trace context: "quick 0x<hr>"
//   ?custom    RaiseTraceEvent from another provider, which the configuration does not cover
//   ?verbose   RaiseTraceEvent from the configured provider at verbosity 6, above the configured 5
//   ?config    GetTraceConfiguration of the configured provider: "enabled=<f> verbosity=<n> areas=0x<n>"
//   ?activity  GetTraceActivityId twice: "activity same=<1 when both calls return the same id>"
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <stdio.h>
#include <string.h>
#include <string>

static const GUID customProvider = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};

static std::string query(IHttpContext* context) {
    PCSTR value = NULL;
    DWORD length = 0;
    if (FAILED(context->GetServerVariable("QUERY_STRING", &value, &length)) || value == NULL) return "";
    return std::string(value, length);
}

static std::string narrow(PCWSTR wide) {
    std::string out;
    for (; wide && *wide; wide++) out += (char)*wide;
    return out;
}

static void answer(IHttpContext* context, const std::string& text) {
    context->GetResponse()->SetHeader(HttpHeaderContentType, "text/plain", 10, TRUE);
    HTTP_DATA_CHUNK chunk;
    chunk.DataChunkType = HttpDataChunkFromMemory;
    chunk.FromMemory.pBuffer = (PVOID)text.data();
    chunk.FromMemory.BufferLength = (ULONG)text.size();
    DWORD sent = 0;
    context->GetResponse()->WriteEntityChunks(&chunk, 1, FALSE, TRUE, &sent);
}

static HRESULT raise(IHttpContext* context, const GUID* provider, DWORD verbosity) {
    HTTP_TRACE_EVENT_ITEM item;
    item.pszName = u"Note";
    item.dwDataType = HTTP_TRACE_TYPE_LPCWSTR;
    item.pbData = (PBYTE)u"raised";
    item.cbData = 14;
    item.pszDataDescription = NULL;
    HTTP_TRACE_EVENT event;
    memset(&event, 0, sizeof event);
    event.pProviderGuid = provider;
    event.dwArea = 2;
    event.dwEvent = 7;
    event.pszEventName = u"ProbeEvent";
    event.dwVerbosity = verbosity;
    event.cEventItems = 1;
    event.pEventItems = &item;
    return context->GetTraceContext()->RaiseTraceEvent(&event);
}

class TraceListener : public CGlobalModule {
public:
    explicit TraceListener(HTTP_MODULE_ID id) : id_(id) {}

    GLOBAL_NOTIFICATION_STATUS OnGlobalTraceEvent(IGlobalTraceEventProvider* provider) {
        if (!provider->CheckSubscription(id_)) return GL_NOTIFICATION_CONTINUE;
        HTTP_TRACE_EVENT* event = NULL;
        IHttpContext* context = NULL;
        if (FAILED(provider->GetTraceEvent(&event)) || event == NULL) return GL_NOTIFICATION_CONTINUE;
        if (FAILED(provider->GetCurrentHttpRequestContext(&context)) || context == NULL) return GL_NOTIFICATION_CONTINUE;
        std::string seen = narrow(event->pszEventName);
        if (event->cEventItems > 0 && event->pEventItems[0].dwDataType == HTTP_TRACE_TYPE_LPCWSTR) {
            seen += " " + narrow(event->pEventItems[0].pszName) + "=" + narrow((PCWSTR)event->pEventItems[0].pbData);
        }
        context->GetResponse()->SetHeader("X-Trace-Seen", seen.c_str(), (USHORT)seen.size(), FALSE);
        return GL_NOTIFICATION_CONTINUE;
    }

    VOID Terminate() { delete this; }

private:
    HTTP_MODULE_ID id_;
};

class TraceProbe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        std::string which = query(context);
        IHttpTraceContext* trace = context->GetTraceContext();
        char text[96];
        if (which == "quick") {
            snprintf(text, sizeof text, "quick 0x%08X", (unsigned)trace->QuickTrace(u"hello", u"world"));
        } else if (which == "custom") {
            snprintf(text, sizeof text, "custom 0x%08X", (unsigned)raise(context, &customProvider, 4));
        } else if (which == "verbose") {
            snprintf(text, sizeof text, "verbose 0x%08X", (unsigned)raise(context, &GUID_IIS_WWW_GLOBAL_TRACE_PROVIDER, 6));
        } else if (which == "config") {
            HTTP_TRACE_CONFIGURATION configuration;
            memset(&configuration, 0, sizeof configuration);
            configuration.pProviderGuid = &GUID_IIS_WWW_GLOBAL_TRACE_PROVIDER;
            trace->GetTraceConfiguration(&configuration);
            snprintf(text, sizeof text, "enabled=%d verbosity=%u areas=0x%X", configuration.fProviderEnabled,
                     (unsigned)configuration.dwVerbosity, (unsigned)configuration.dwAreas);
        } else if (which == "activity") {
            LPCGUID first = trace->GetTraceActivityId();
            LPCGUID second = trace->GetTraceActivityId();
            snprintf(text, sizeof text, "activity same=%d", first != NULL && first == second);
        } else {
            return RQ_NOTIFICATION_CONTINUE;
        }
        answer(context, text);
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class TraceProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new TraceProbe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer* server) {
    HTTP_TRACE_CONFIGURATION configuration;
    configuration.pProviderGuid = &GUID_IIS_WWW_GLOBAL_TRACE_PROVIDER;
    configuration.dwAreas = 0xFFFFFFFE;
    configuration.dwVerbosity = 5;
    configuration.fProviderEnabled = TRUE;
    IHttpTraceContext* trace = server->GetTraceContext();
    if (trace == NULL) return E_FAIL;
    HRESULT hr = trace->SetTraceConfiguration(info->GetId(), &configuration);
    if (FAILED(hr)) return hr;
    hr = info->SetGlobalNotifications(new TraceListener(info->GetId()), GL_TRACE_EVENT);
    if (FAILED(hr)) return hr;
    return info->SetRequestNotifications(new TraceProbeFactory, RQ_BEGIN_REQUEST, 0);
}
