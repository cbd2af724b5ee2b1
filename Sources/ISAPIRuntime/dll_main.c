/*
 * DllMain calls with per-library reference counts (see isapi_dll_main.h). A library is never
 * dlclose'd, so its dlopen handle identifies it for the life of the process.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include "isapi_dll_main.h"
#include "isapi_runtime.h"

typedef BOOL (*isapi_dll_main_function)(HINSTANCE instance, DWORD reason, LPVOID reserved);

typedef struct isapi_dll_record {
    void *handle;
    isapi_dll_main_function entry;
    unsigned long references;
    struct isapi_dll_record *next;
} isapi_dll_record;

static pthread_mutex_t isapi_dll_lock = PTHREAD_MUTEX_INITIALIZER;
static isapi_dll_record *isapi_dll_records = NULL;

static isapi_dll_record *isapi_dll_find(void *handle) {
    for (isapi_dll_record *record = isapi_dll_records; record; record = record->next) {
        if (record->handle == handle) return record;
    }
    return NULL;
}

static BOOL isapi_dll_call(isapi_dll_main_function entry, void *handle, DWORD reason, const char *kind,
                           const char *name) {
    isapi_native_call saved;
    isapi_call_enter(kind, name, reason == DLL_PROCESS_ATTACH ? "DllMain(DLL_PROCESS_ATTACH)"
                                                              : "DllMain(DLL_PROCESS_DETACH)", "", &saved);
    BOOL result = entry((HINSTANCE)handle, reason, NULL);
    isapi_call_leave(&saved);
    return result;
}

isapi_dll_attach_result isapi_dll_attach(void *handle, const char *kind, const char *name) {
    isapi_dll_main_function entry = (isapi_dll_main_function)dlsym(handle, "DllMain");
    if (!entry) return ISAPI_DLL_NO_ENTRY_POINT;
    pthread_mutex_lock(&isapi_dll_lock);
    isapi_dll_record *record = isapi_dll_find(handle);
    if (record && record->references > 0) {
        record->references++;
        pthread_mutex_unlock(&isapi_dll_lock);
        return ISAPI_DLL_ATTACHED;
    }
    if (!isapi_dll_call(entry, handle, DLL_PROCESS_ATTACH, kind, name)) {
        isapi_dll_call(entry, handle, DLL_PROCESS_DETACH, kind, name);
        pthread_mutex_unlock(&isapi_dll_lock);
        return ISAPI_DLL_REFUSED;
    }
    if (!record) {
        record = calloc(1, sizeof *record);
        if (record) {
            record->handle = handle;
            record->entry = entry;
            record->next = isapi_dll_records;
            isapi_dll_records = record;
        }
    }
    if (record) record->references = 1;
    pthread_mutex_unlock(&isapi_dll_lock);
    return ISAPI_DLL_ATTACHED;
}

void isapi_dll_retain(void *handle) {
    pthread_mutex_lock(&isapi_dll_lock);
    isapi_dll_record *record = isapi_dll_find(handle);
    if (record && record->references > 0) record->references++;
    pthread_mutex_unlock(&isapi_dll_lock);
}

void isapi_dll_release(void *handle, const char *kind, const char *name) {
    pthread_mutex_lock(&isapi_dll_lock);
    isapi_dll_record *record = isapi_dll_find(handle);
    if (record && record->references > 0 && --record->references == 0) {
        isapi_dll_call(record->entry, handle, DLL_PROCESS_DETACH, kind, name);
    }
    pthread_mutex_unlock(&isapi_dll_lock);
}
