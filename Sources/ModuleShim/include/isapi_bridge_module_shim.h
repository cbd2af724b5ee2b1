/* isapi-bridge: the C interface between the Swift host and the C++ shim that implements the IIS
 * server interfaces (IHttpContext, ...) for native modules. Plain C: Swift imports it directly.
 * `host` pointers are opaque Swift objects; the shim never interprets them. */
#ifndef ISAPI_BRIDGE_MODULE_SHIM_H
#define ISAPI_BRIDGE_MODULE_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Hands a string back to the shim: `out` is the shim's, pass it through unchanged. */
typedef void (*IBEmitFn)(void* out, const char* bytes, size_t length);

typedef enum IBRequestString {
    IBRequestMethod = 0, IBRequestPath = 1, IBRequestQuery = 2, IBRequestRawTarget = 3, IBRequestHost = 4
} IBRequestString;
typedef enum IBUserString { IBUserName = 0, IBUserAuthenticationType = 1, IBUserPassword = 2 } IBUserString;

/* What the host's file cache knows about a path (IHttpFileInfo). kind: 0 a regular file, 1 a
 * directory, 2 something else (device, socket, FIFO), 3 nothing there, 4 not permitted. The identity
 * fields are set for a regular file only. */
typedef struct IBFileStatus {
    int32_t kind;
    uint64_t size;
    int64_t modifiedSeconds;
    int64_t modifiedNanoseconds;
    uint64_t device;
    uint64_t inode;
} IBFileStatus;

/* Everything the shim asks the Swift host. Every string argument is NUL-terminated UTF-8 unless a
 * length is given. Functions returning int32_t return an HRESULT unless documented as a flag. */
typedef struct IBHostCallbacks {
    void (*log)(int32_t level, const char* message); /* 0 info, 1 warning, 2 error */
    int32_t (*requestString)(void* host, int32_t which, void* out, IBEmitFn emit); /* flag: found */
    int32_t (*requestHeaderGet)(void* host, const char* name, void* out, IBEmitFn emit); /* flag: found */
    int32_t (*requestHeaderSet)(void* host, const char* name, const char* value, size_t length, int32_t replace);
    void (*requestHeaderDelete)(void* host, const char* name);
    int32_t (*requestMethodSet)(void* host, const char* method);
    int32_t (*requestURLSet)(void* host, const char* url, size_t length, int32_t resetQuery);
    int32_t (*requestURLChanged)(void* host); /* flag */
    void (*requestVersion)(void* host, uint16_t* major, uint16_t* minor);
    int32_t (*serverVariableGet)(void* host, const char* name, void* out, IBEmitFn emit); /* flag: found */
    int32_t (*serverVariableSet)(void* host, const char* name, const char* value, size_t length);
    void* (*requestAllocate)(void* host, uint32_t size);
    void (*requestSetHandled)(void* host);
    void (*disableNotifications)(void* host, uint32_t notifications, uint32_t postNotifications);
    void (*setErrorStatus)(void* host, int32_t hresult);
    int32_t (*userString)(void* host, int32_t which, void* out, IBEmitFn emit); /* flag: a user is set */
    void (*responseClear)(void* host);
    void (*responseClearHeaders)(void* host);
    int32_t (*responseSetStatus)(void* host, uint16_t code, const char* reason, uint16_t subStatus);
    void (*responseGetStatus)(void* host, uint16_t* code, uint16_t* subStatus, void* out, IBEmitFn emit);
    int32_t (*responseHeaderGet)(void* host, const char* name, void* out, IBEmitFn emit); /* flag: found */
    int32_t (*responseHeaderSet)(void* host, const char* name, const char* value, size_t length, int32_t replace);
    void (*responseHeaderDelete)(void* host, const char* name);
    void (*responseWrite)(void* host, const void* bytes, size_t length);
    int32_t (*responseRedirect)(void* host, const char* url, int32_t resetStatus, int32_t includeQuery);
    void (*responseFlush)(void* host);
    int32_t (*responseHeadersSent)(void* host); /* flag */
    void (*responseSetNeedDisconnect)(void* host);
    void (*responseSuppressHeaders)(void* host, int32_t suppress); /* suppress < 0: query only */
    int32_t (*responseHeadersSuppressed)(void* host); /* flag */
    int32_t (*connectionIsConnected)(void* connectionHost); /* flag */
    void* (*allocatorAllocate)(void* allocatorHost, uint32_t size);
    /* Reads up to `size` body bytes into `buffer` (raising ReadEntity); returns the count, 0 at the end. */
    uint32_t (*requestReadBody)(void* host, void* buffer, uint32_t size);
    uint32_t (*requestRemainingBody)(void* host);
    /* IHttpConnection::AllocateMemory: memory of the connection's current request. */
    void* (*connectionAllocate)(void* connectionHost, uint32_t size);
    /* The request's site: its id, and its name through `emit`. */
    uint32_t (*siteInfo)(void* host, void* out, IBEmitFn emit);
    /* Completes a PENDING notification through a retained host completion handle (from any
     * thread). kind 0: IndicateCompletion(value = status); kind 1: PostCompletion(value = bytes).
     * Consumes the handle. */
    void (*deliverCompletion)(void* completionHandle, int32_t kind, uint32_t value);
    /* The request header at `index` (name and value emitted into two outs); 0 past the end. */
    int32_t (*requestHeaderAt)(void* host, uint32_t index, void* nameOut, void* valueOut, IBEmitFn emit);
    /* IAuthenticationProvider::SetUser: the request's user becomes this one. */
    void (*userSet)(void* host, const char* name, const char* authenticationType, const char* password);
    /* The connection's remote (remote = 1) or local address as text, and its port. */
    void (*connectionAddress)(void* host, int32_t remote, uint16_t* port, void* out, IBEmitFn emit);
    /* Releases a retained completion handle that was never used. */
    void (*releaseCompletion)(void* completionHandle);
    /* The request's handler mapping (IScriptMapInfo): which 0 name, 1 path, 2 verbs, 3 modules
     * (comma-separated). Flag: a handler is mapped. */
    int32_t (*handlerMapping)(void* host, int32_t which, void* out, IBEmitFn emit);
    /* IHttpRequest::InsertEntityBody: `bytes` are read before the rest of the unread body. */
    void (*requestInsertBody)(void* host, const void* bytes, uint32_t length);
    /* IHttpResponse::ResetConnection: nothing more is sent and the connection closes. */
    void (*responseReset)(void* host);
    /* A trace event a module raised (IHttpTraceContext): recorded in the request's trace (host may
     * be NULL: a server-wide event) and logged at debug level. */
    void (*traceEvent)(void* host, const char* moduleName, const char* event, const char* data, int32_t level);
    /* IHttpContext::GetIsLastNotification: flag, a notification would still reach a module of the
     * request if the running handler returned `status` (0 CONTINUE, 1 PENDING, 2 FINISH_REQUEST). */
    int32_t (*pendingNotifications)(void* host, int32_t status);
    /* IHttpServer::RecycleProcess (application = 0) or RecycleApplication (application = 1, `reason`
     * is the application's configuration path), from the module named `moduleName`. */
    void (*recycle)(const char* moduleName, const char* reason, int32_t application);
    /* IHttpContext::MapHandler: the request's site's handler mapping for `url` and `verb` (as
     * handlerMapping's `which`); wildcard = 0 skips `*` entries. Flag: one matches. */
    int32_t (*handlerMappingFor)(void* host, const char* url, const char* verb, int32_t wildcard, int32_t which,
                                 void* out, IBEmitFn emit);
    /* IHttpFileInfo from the process's file cache (the static file handler's): fills `status`; for a
     * regular file emits its ETag, its Last-Modified and, when the cache holds the file in memory, its
     * bytes (an empty emit otherwise) into the three outs. Looks at the disk only when the cache has
     * no recent look at `path`. */
    void (*fileLookup)(const char* path, IBFileStatus* status, void* etagOut, void* modifiedOut, void* bytesOut,
                       IBEmitFn emit);
    /* The DER encoding of the connection's TLS client certificate. Flag: the client sent one. */
    int32_t (*connectionClientCertificate)(void* host, void* out, IBEmitFn emit);
} IBHostCallbacks;

/* Installs the host's callbacks; call once before anything else. */
void ib_install_host(const IBHostCallbacks* callbacks);

/* The unsupported methods `module` called so far (each logged once), one emit per method. */
void ib_unsupported_methods(const char* module, void* out, IBEmitFn emit);

/* ---- registration (RegisterModule + IHttpModuleRegistrationInfo) ---- */
typedef struct IBRegistration IBRegistration;
IBRegistration* ib_registration_create(const char* name, uint64_t moduleID);
void ib_registration_destroy(IBRegistration* registration);
/* Calls `registerModule` (a PFN_REGISTERMODULE) once; returns its HRESULT (E_FAIL if it threw). */
int32_t ib_registration_call(IBRegistration* registration, void* registerModule, uint32_t serverVersion);
void* ib_registration_factory(const IBRegistration* registration);
uint32_t ib_registration_request_mask(const IBRegistration* registration);
uint32_t ib_registration_post_mask(const IBRegistration* registration);
void* ib_registration_global_module(const IBRegistration* registration);
uint32_t ib_registration_global_mask(const IBRegistration* registration);
/* Priorities set during RegisterModule, in call order. kind: 0 request, 1 post, 2 global.
 * Returns the alias 0 (FIRST) ... 4 (LAST). */
uint32_t ib_registration_priority_count(const IBRegistration* registration);
int32_t ib_registration_priority_at(const IBRegistration* registration, uint32_t index, uint32_t* mask, int32_t* kind);

/* ---- factories, module instances, allocators ---- */
typedef struct IBAllocator IBAllocator;
IBAllocator* ib_allocator_create(void* allocatorHost);
void ib_allocator_destroy(IBAllocator* allocator);
int32_t ib_factory_get_module(void* factory, IBAllocator* allocator, const char* moduleName, void** module);
void ib_factory_terminate(void* factory, const char* moduleName);
void ib_module_dispose(void* module, const char* moduleName);

/* ---- request and connection objects ---- */
typedef struct IBConnection IBConnection;
IBConnection* ib_connection_create(void* connectionHost);
/* NotifyDisconnect on every connection stored context. */
void ib_connection_notify_disconnect(IBConnection* connection);
/* CleanupStoredContext on every stored context (once), then frees the connection object. */
void ib_connection_destroy(IBConnection* connection);

typedef struct IBContext IBContext;
IBContext* ib_context_create(void* host, IBConnection* connection);
void ib_context_destroy(IBContext* context);

/* One notification for one module. The provider data flows in and (for SendResponse flags and
 * MapPath physical paths) back out. */
typedef struct IBEvent {
    uint32_t notification;      /* one RQ_* bit */
    int32_t isPost;
    int32_t headersBeingSent;   /* SendResponse */
    uint32_t sendFlags;         /* SendResponse, in and out */
    const char* url;            /* MapPath */
    const char* physicalPath;   /* MapPath, in */
    void* physicalPathOut;      /* MapPath: SetPhysicalPath emits here */
    IBEmitFn physicalPathEmit;
} IBEvent;

/* Result: 0 CONTINUE, 1 PENDING, 2 FINISH_REQUEST, -1 the handler is not overridden, -2 it threw. */
int32_t ib_module_notify(void* module, IBContext* context, const char* moduleName, IBEvent* event);

/* After a handler returned PENDING: hands the shim the retained completion handle. A completion
 * the module already signalled (IndicateCompletion/PostCompletion before returning) is delivered now. */
void ib_context_arm_completion(IBContext* context, void* completionHandle);

/* OnAsyncCompletion for a PostCompletion. Same results as ib_module_notify. */
int32_t ib_module_async_completion(void* module, IBContext* context, const char* moduleName, uint32_t notification,
                                   int32_t isPost, uint32_t bytes, int32_t status);

/* Global modules. Results: 0 CONTINUE, 1 HANDLED, -1 not overridden, -2 threw. */
int32_t ib_global_pre_begin_request(void* globalModule, IBContext* context, const char* moduleName);
int32_t ib_global_stop_listening(void* globalModule, const char* moduleName);
void ib_global_terminate(void* globalModule, const char* moduleName);
/* GL_APPLICATION_START (stop = 0) or GL_APPLICATION_STOP for the application of one site. */
int32_t ib_global_application(void* globalModule, const char* moduleName, int32_t stop, uint32_t siteId,
                              const char* siteName, const char* physicalPath);
int32_t ib_global_configuration_change(void* globalModule, const char* moduleName, const char* path);
int32_t ib_global_health_check(void* globalModule, const char* moduleName);
int32_t ib_global_cache_cleanup(void* globalModule, const char* moduleName);
/* GL_THREAD_CLEANUP after a request of the site completed (IGlobalThreadCleanupProvider::GetApplication). */
int32_t ib_global_thread_cleanup(void* globalModule, const char* moduleName, uint32_t siteId, const char* siteName,
                                 const char* physicalPath);

#ifdef __cplusplus
}
#endif
#endif
