/*
 * SetLastError / GetLastError for native filters: thread-local, as in kernel32.
 *
 * These are the only symbols a filter imports from the host. They are linked into the host
 * executable (or test binary) and exported from it by NativeHost's linker settings
 * (`--export-dynamic-symbol`), so a filter opened with RTLD_LOCAL resolves them from the
 * executable's dynamic symbol table.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "isapi_runtime.h"

_Thread_local DWORD isapi_runtime_last_error ISAPI_RUNTIME_TLS = 0;
_Thread_local void *isapi_runtime_active_call ISAPI_RUNTIME_TLS = NULL;

__attribute__((visibility("default"))) void SetLastError(DWORD dwErrCode) { isapi_runtime_last_error = dwErrCode; }

__attribute__((visibility("default"))) DWORD GetLastError(void) { return isapi_runtime_last_error; }

int isapi_runtime_exports_last_error(void) {
    void *set = dlsym(RTLD_DEFAULT, "SetLastError");
    void *get = dlsym(RTLD_DEFAULT, "GetLastError");
    return set == (void *)&SetLastError && get == (void *)&GetLastError;
}
