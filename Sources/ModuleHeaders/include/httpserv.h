/* isapi-bridge: the IIS 7+ native-module API (httpserv.h), for Linux and Itanium-ABI C++ compilers.
 *
 * Vtable order is the Windows SDK header's (IIS 8.5/10 revision); every overload keeps its
 * declaration position. Wide strings are UTF-16: WCHAR is char16_t and the priority aliases are
 * u"FIRST" ... u"LAST". RegisterModule is declared extern "C" so a module's unannotated definition
 * is exported under its plain name. Compile modules with: c++ -shared -fPIC -I<this directory>.
 *
 * Differences from IIS, on purpose: a subscribed but not overridden CHttpModule/CGlobalModule
 * handler does not DebugBreak; it returns a sentinel that the host turns into a logged error naming
 * the module and, for request notifications, a 500 for that request. */
#ifndef ISAPI_BRIDGE_HTTPSERV_H
#define ISAPI_BRIDGE_HTTPSERV_H

#ifndef __cplusplus
#error "httpserv.h declares C++ interfaces; compile the module as C++"
#endif

#include <windows.h>
#include "sal.h"
#include "http.h"
#include "httptrace.h"

/* ---- request notifications (RQ_*) ---- */
#define RQ_BEGIN_REQUEST                0x00000001
#define RQ_AUTHENTICATE_REQUEST         0x00000002
#define RQ_AUTHORIZE_REQUEST            0x00000004
#define RQ_RESOLVE_REQUEST_CACHE        0x00000008
#define RQ_MAP_REQUEST_HANDLER          0x00000010
#define RQ_ACQUIRE_REQUEST_STATE        0x00000020
#define RQ_PRE_EXECUTE_REQUEST_HANDLER  0x00000040
#define RQ_EXECUTE_REQUEST_HANDLER      0x00000080
#define RQ_RELEASE_REQUEST_STATE        0x00000100
#define RQ_UPDATE_REQUEST_CACHE         0x00000200
#define RQ_LOG_REQUEST                  0x00000400
#define RQ_END_REQUEST                  0x00000800
#define RQ_SEND_RESPONSE_STATUS_AND_HEADERS 0x08000000
#define RQ_CUSTOM_NOTIFICATION          0x10000000
#define RQ_SEND_RESPONSE                0x20000000
#define RQ_READ_ENTITY                  0x40000000
#define RQ_MAP_PATH                     0x80000000

/* ---- global notifications (GL_*) ---- */
#define GL_STOP_LISTENING               0x00000002
#define GL_CACHE_CLEANUP                0x00000004
#define GL_CACHE_OPERATION              0x00000010
#define GL_HEALTH_CHECK                 0x00000020
#define GL_CONFIGURATION_CHANGE         0x00000040
#define GL_FILE_CHANGE                  0x00000080
#define GL_PRE_BEGIN_REQUEST            0x00000100
#define GL_APPLICATION_START            0x00000200
#define GL_APPLICATION_RESOLVE_MODULES  0x00000400
#define GL_APPLICATION_STOP             0x00000800
#define GL_RSCA_QUERY                   0x00001000
#define GL_TRACE_EVENT                  0x00002000
#define GL_CUSTOM_NOTIFICATION          0x00004000
#define GL_THREAD_CLEANUP               0x00008000
#define GL_APPLICATION_PRELOAD          0x00010000
#define GL_SUSPEND_PROCESS              0x00020000

/* ---- priority aliases (UTF-16) ---- */
#define PRIORITY_ALIAS_FIRST  u"FIRST"
#define PRIORITY_ALIAS_HIGH   u"HIGH"
#define PRIORITY_ALIAS_MEDIUM u"MEDIUM"
#define PRIORITY_ALIAS_LOW    u"LOW"
#define PRIORITY_ALIAS_LAST   u"LAST"

#define MODULE_REGISTERMODULE "RegisterModule"

#define HTTP_USER_VARIABLE_SID          "SID"
#define HTTP_USER_VARIABLE_CTXT_HANDLE  "CtxtHandle"
#define HTTP_USER_VARIABLE_CRED_HANDLE  "CredHandle"

#define CLONE_FLAG_BASICS               0x01
#define CLONE_FLAG_HEADERS              0x02
#define CLONE_FLAG_ENTITY               0x04
#define CLONE_FLAG_NO_PRECONDITION      0x08
#define CLONE_FLAG_NO_DAV               0x10
#define CLONE_FLAG_USER_CACHE_VARY_BY   0x20
#define CLONE_FLAG_SERVER_VARIABLE      0x40

#define EXECUTE_FLAG_NONE                       0x00
#define EXECUTE_FLAG_NO_HEADERS                 0x01
#define EXECUTE_FLAG_IGNORE_CURRENT_INTERCEPTOR 0x02
#define EXECUTE_FLAG_IGNORE_APPPOOL             0x04
#define EXECUTE_FLAG_DISABLE_CUSTOM_ERROR       0x08
#define EXECUTE_FLAG_SAME_URL                   0x10
#define EXECUTE_FLAG_BUFFER_RESPONSE            0x20
#define EXECUTE_FLAG_HTTP_CACHE_ELIGIBLE        0x40

typedef enum REQUEST_NOTIFICATION_STATUS {
    RQ_NOTIFICATION_CONTINUE = 0,
    RQ_NOTIFICATION_PENDING = 1,
    RQ_NOTIFICATION_FINISH_REQUEST = 2,
    /* isapi-bridge: returned by a CHttpModule default handler the module did not override. */
    ISAPI_BRIDGE_RQ_NOT_OVERRIDDEN = 0x4E4F5652
} REQUEST_NOTIFICATION_STATUS;

typedef enum GLOBAL_NOTIFICATION_STATUS {
    GL_NOTIFICATION_CONTINUE = 0,
    GL_NOTIFICATION_HANDLED = 1,
    /* isapi-bridge: returned by a CGlobalModule default handler the module did not override. */
    ISAPI_BRIDGE_GL_NOT_OVERRIDDEN = 0x4E4F5652
} GLOBAL_NOTIFICATION_STATUS;

typedef enum CACHE_OPERATION {
    CACHE_OPERATION_RETRIEVE = 0, CACHE_OPERATION_ADD = 1, CACHE_OPERATION_DELETE = 2,
    CACHE_OPERATION_FLUSH_PREFIX = 3, CACHE_OPERATION_ENUM = 4
} CACHE_OPERATION;

typedef enum HTTP_SERVER_INTERFACE_VERSION {
    HTTP_SERVER_INTERFACE_V2 = 0, HTTP_SERVER_INTERFACE_V3 = 1
} HTTP_SERVER_INTERFACE_VERSION;

typedef enum HTTP_CONTEXT_INTERFACE_VERSION {
    HTTP_CONTEXT_INTERFACE_V2 = 0, HTTP_CONTEXT_INTERFACE_V3 = 1, HTTP_CONTEXT_INTERFACE_V4 = 2
} HTTP_CONTEXT_INTERFACE_VERSION;

typedef VOID* HTTP_MODULE_ID;

/* Forward declarations; every interface is declared in full by the parts below. */
class IHttpSite;
class IHttpApplication;
class IHttpConnection;
class IHttpRequest;
class IHttpResponse;
class IHttpUser;
class IHttpContext;
class IHttpServer;
class IHttpUrlInfo;
class IMetadataInfo;
class IHttpFileInfo;
class IScriptMapInfo;
class IHttpTraceContext;
class IHttpCachePolicy;
class IHttpCacheKey;
class IHttpCacheSpecificData;
class IHttpPerfCounterInfo;
class IHttpFileMonitor;
class IHttpTokenEntry;
class CHttpModule;
class CGlobalModule;
class IHttpModuleFactory;
/* Declared by name only: IIS configuration objects the host does not provide (always NULL). */
class IWpfSettings;
class IAppHostConfigException;
class IAppHostAdminManager;

#include "isapi_bridge_httpserv_contexts.h"
#include "isapi_bridge_httpserv_cache.h"
#include "isapi_bridge_httpserv_providers.h"
#include "isapi_bridge_httpserv_objects.h"
#include "isapi_bridge_httpserv_modules.h"

#endif /* ISAPI_BRIDGE_HTTPSERV_H */
