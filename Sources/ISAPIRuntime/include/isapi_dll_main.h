/*
 * DllMain for native filters and modules: DLL_PROCESS_ATTACH once per library after dlopen, before
 * GetFilterVersion/RegisterModule; DLL_PROCESS_DETACH when the last user of the library has been
 * terminated. A library loaded several times (two filters from one file, one module image under two
 * names) shares one attach, as one DLL does on Windows: each load is a reference, each terminated
 * user releases one.
 */
#ifndef ISAPI_BRIDGE_DLL_MAIN_H
#define ISAPI_BRIDGE_DLL_MAIN_H

/* What isapi_dll_attach found. */
typedef enum isapi_dll_attach_result {
    ISAPI_DLL_NO_ENTRY_POINT = 0, /* the library exports no DllMain: nothing to call, nothing to release */
    ISAPI_DLL_ATTACHED = 1,       /* DllMain(DLL_PROCESS_ATTACH) returned TRUE now or on an earlier load */
    ISAPI_DLL_REFUSED = 2,        /* DllMain returned FALSE; it was sent DLL_PROCESS_DETACH (as Windows does) */
} isapi_dll_attach_result;

/* Calls DllMain(handle, DLL_PROCESS_ATTACH, NULL) on the first reference to `handle` (a dlopen
 * handle) and takes a reference. `kind` ("filter", "module") and `name` label the call for the crash
 * report. Calls are serialised, as under the Windows loader lock. */
isapi_dll_attach_result isapi_dll_attach(void *handle, const char *kind, const char *name);

/* Takes one more reference to an attached library (a second user of one load). */
void isapi_dll_retain(void *handle);

/* Releases one reference; the last one calls DllMain(handle, DLL_PROCESS_DETACH, NULL). */
void isapi_dll_release(void *handle, const char *kind, const char *name);

#endif /* ISAPI_BRIDGE_DLL_MAIN_H */
