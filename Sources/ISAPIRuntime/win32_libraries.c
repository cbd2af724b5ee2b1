/*
 * LoadLibrary/GetProcAddress/FreeLibrary on dlopen. A Windows library name ("x.dll", "x") stands
 * for "x.so" or "libx.so"; the name as given is tried first. Handles are dlopen handles, the same
 * HMODULE GetModuleHandle gives; a value that is no loaded library is refused, never dereferenced.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "win32_objects.h"

/* Whether `module` is the handle of a library loaded now (or the executable's). */
static int is_loaded(HMODULE module) {
    void *self = dlopen(NULL, RTLD_LAZY | RTLD_NOLOAD);
    if (self == NULL) return 0;
    int found = module == self;
    struct link_map *map = NULL;
    if (!found && dlinfo(self, RTLD_DI_LINKMAP, &map) == 0) {
        for (; map != NULL && !found; map = map->l_next) found = (HMODULE)map == module;
    }
    dlclose(self);
    return found;
}

/* The Win32 error for a dlopen failure. */
static DWORD load_error(const char *message) {
    if (message == NULL) return ERROR_MOD_NOT_FOUND;
    if (strstr(message, "undefined symbol")) return ERROR_PROC_NOT_FOUND;
    if (strstr(message, "invalid ELF header") || strstr(message, "wrong ELF class") || strstr(message, "file too short") ||
        strstr(message, "not an ELF") || strstr(message, "ELF file")) {
        return 193; /* ERROR_BAD_EXE_FORMAT */
    }
    return ERROR_MOD_NOT_FOUND;
}

static HMODULE load(const char *name) {
    if (name == NULL || *name == 0) { SetLastError(ERROR_INVALID_PARAMETER); return NULL; }
    char *path = w32_linux_path(name);
    if (path == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    size_t length = strlen(path);
    size_t stem = length > 4 && strcasecmp(path + length - 4, ".dll") == 0 ? length - 4 : length;
    const char *slash = strrchr(path, '/');
    size_t directory = slash ? (size_t)(slash - path) + 1 : 0;
    char candidates[3][4096];
    snprintf(candidates[0], sizeof candidates[0], "%s", path);
    snprintf(candidates[1], sizeof candidates[1], "%.*s.so", (int)stem, path);
    snprintf(candidates[2], sizeof candidates[2], "%.*slib%.*s.so", (int)directory, path, (int)(stem - directory), path + directory);
    free(path);
    DWORD error = ERROR_MOD_NOT_FOUND;
    for (int index = 0; index < 3; index++) {
        void *handle = dlopen(candidates[index], RTLD_NOW | RTLD_LOCAL);
        if (handle != NULL) {
            SetLastError(ERROR_SUCCESS);
            return (HMODULE)handle;
        }
        DWORD this_error = load_error(dlerror());
        if (this_error != ERROR_MOD_NOT_FOUND) error = this_error; /* found but unusable: say why */
    }
    SetLastError(error);
    return NULL;
}

ISAPI_EXPORT HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName) { return load(lpLibFileName); }

ISAPI_EXPORT HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName) {
    char *name = w32_utf8_from_utf16(lpLibFileName);
    HMODULE module = load(name);
    DWORD error = GetLastError();
    free(name);
    SetLastError(error);
    return module;
}

ISAPI_EXPORT HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags) {
    (void)hFile; (void)dwFlags;
    return load(lpLibFileName);
}

ISAPI_EXPORT HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags) {
    (void)hFile; (void)dwFlags;
    return LoadLibraryW(lpLibFileName);
}

ISAPI_EXPORT FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName) {
    if (lpProcName == NULL || (uintptr_t)lpProcName < 0x10000) {
        /* Exports by ordinal do not exist in ELF. */
        SetLastError(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    void *module = hModule;
    if (module == NULL) {
        module = dlopen(NULL, RTLD_LAZY | RTLD_NOLOAD);
        if (module) dlclose(module);
    } else if (!is_loaded(hModule)) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    dlerror();
    void *symbol = dlsym(module, lpProcName);
    if (symbol == NULL) { SetLastError(ERROR_PROC_NOT_FOUND); return NULL; }
    FARPROC function;
    memcpy(&function, &symbol, sizeof function);
    return function;
}

ISAPI_EXPORT BOOL WINAPI FreeLibrary(HMODULE hLibModule) {
    if (hLibModule == NULL || !is_loaded(hLibModule)) { SetLastError(ERROR_INVALID_HANDLE); return FALSE; }
    dlclose(hLibModule);
    return TRUE;
}
