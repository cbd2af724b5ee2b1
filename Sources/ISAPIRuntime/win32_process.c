/*
 * GetModuleFileName, GetModuleHandle(Ex), the environment and the computer name.
 * An HMODULE is a dlopen handle (glibc's is the library's link_map), NULL the executable.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <link.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "win32_objects.h"

/* The path of a module (malloc'ed), or NULL with ERROR_MOD_NOT_FOUND. */
static char *module_path(HMODULE module) {
    void *main_program = dlopen(NULL, RTLD_LAZY | RTLD_NOLOAD);
    if (main_program) dlclose(main_program);
    if (module == NULL || module == main_program) {
        char buffer[PATH_MAX];
        ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
        if (length < 0) { SetLastError(ERROR_MOD_NOT_FOUND); return NULL; }
        buffer[length] = 0;
        return strdup(buffer);
    }
    /* Only a handle of a library that is loaded now is accepted. */
    struct link_map *wanted = (struct link_map *)module;
    void *self = dlopen(NULL, RTLD_LAZY | RTLD_NOLOAD);
    struct link_map *map = NULL;
    if (self != NULL && dlinfo(self, RTLD_DI_LINKMAP, &map) == 0) {
        for (; map != NULL; map = map->l_next) {
            if (map == wanted && map->l_name != NULL && map->l_name[0]) {
                dlclose(self);
                /* Absolute, as Windows reports it (dlopen keeps the name it was given). */
                char *absolute = realpath(map->l_name, NULL);
                return absolute ? absolute : strdup(map->l_name);
            }
        }
    }
    if (self) dlclose(self);
    SetLastError(ERROR_MOD_NOT_FOUND);
    return NULL;
}

/* Copies with the GetModuleFileName rules: truncated to nSize - 1 and terminated, return nSize
 * and ERROR_INSUFFICIENT_BUFFER when it does not fit. */
ISAPI_EXPORT DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize) {
    if (lpFilename == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return 0; }
    char *path = module_path(hModule);
    if (path == NULL) return 0;
    size_t length = strlen(path);
    DWORD result;
    if (nSize == 0) {
        result = 0;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
    } else if (length >= nSize) {
        memcpy(lpFilename, path, nSize - 1);
        lpFilename[nSize - 1] = 0;
        result = nSize;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
    } else {
        memcpy(lpFilename, path, length + 1);
        result = (DWORD)length;
        SetLastError(ERROR_SUCCESS);
    }
    free(path);
    return result;
}

ISAPI_EXPORT DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize) {
    if (lpFilename == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return 0; }
    char *path = module_path(hModule);
    if (path == NULL) return 0;
    size_t units = w32_utf16_from_utf8(path, NULL, 0);
    WCHAR *wide = calloc(units, sizeof *wide);
    if (wide == NULL) { free(path); SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    w32_utf16_from_utf8(path, wide, units);
    free(path);
    size_t length = units - 1;
    DWORD result;
    if (nSize == 0) {
        result = 0;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
    } else if (length >= nSize) {
        memcpy(lpFilename, wide, (nSize - 1) * sizeof *wide);
        lpFilename[nSize - 1] = 0;
        result = nSize;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
    } else {
        memcpy(lpFilename, wide, units * sizeof *wide);
        result = (DWORD)length;
        SetLastError(ERROR_SUCCESS);
    }
    free(wide);
    return result;
}

/* Whether the loaded object `path` answers to the Windows module name `name`: the same file name,
 * or "x.dll"/"x" for "x.so" and "libx.so" (compared without regard to case). */
static int answers_to(const char *path, const char *name) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcasecmp(base, name) == 0) return 1;
    size_t stem = strlen(name);
    if (stem > 4 && strcasecmp(name + stem - 4, ".dll") == 0) stem -= 4;
    char candidate[PATH_MAX];
    snprintf(candidate, sizeof candidate, "%.*s.so", (int)stem, name);
    if (strcasecmp(base, candidate) == 0) return 1;
    snprintf(candidate, sizeof candidate, "lib%.*s.so", (int)stem, name);
    return strcasecmp(base, candidate) == 0;
}

static HMODULE module_named(const char *name) {
    if (name == NULL) {
        void *main_program = dlopen(NULL, RTLD_LAZY | RTLD_NOLOAD);
        if (main_program) dlclose(main_program);
        return main_program;
    }
    char *wanted = w32_linux_path(name);
    const char *slash = wanted ? strrchr(wanted, '/') : NULL;
    const char *file = slash ? slash + 1 : wanted;
    void *self = dlopen(NULL, RTLD_LAZY | RTLD_NOLOAD);
    struct link_map *map = NULL;
    HMODULE found = NULL;
    if (wanted && self != NULL && dlinfo(self, RTLD_DI_LINKMAP, &map) == 0) {
        for (; map != NULL && found == NULL; map = map->l_next) {
            if (map->l_name != NULL && map->l_name[0] && answers_to(map->l_name, file)) found = (HMODULE)map;
        }
    }
    if (self) dlclose(self);
    free(wanted);
    if (found == NULL) SetLastError(ERROR_MOD_NOT_FOUND);
    return found;
}

ISAPI_EXPORT HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName) { return module_named(lpModuleName); }

ISAPI_EXPORT HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName) {
    char *name = w32_utf8_from_utf16(lpModuleName);
    HMODULE module = module_named(name);
    free(name);
    return module;
}

static BOOL module_handle_ex(DWORD dwFlags, const void *name_or_address, int wide, HMODULE *phModule) {
    if (phModule == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    *phModule = NULL;
    if (dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
        Dl_info info;
        struct link_map *map = NULL;
        if (dladdr1(name_or_address, &info, (void **)&map, RTLD_DL_LINKMAP) == 0 || map == NULL) {
            SetLastError(ERROR_MOD_NOT_FOUND);
            return FALSE;
        }
        /* The executable's link_map has an empty name: NULL stands for it. */
        *phModule = map->l_name && map->l_name[0] ? (HMODULE)map : module_named(NULL);
        return TRUE;
    }
    char *name = wide ? w32_utf8_from_utf16(name_or_address) : (char *)name_or_address;
    *phModule = module_named(name);
    if (wide) free(name);
    return *phModule != NULL || (name_or_address == NULL);
}

ISAPI_EXPORT BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE *phModule) {
    return module_handle_ex(dwFlags, lpModuleName, 0, phModule);
}

ISAPI_EXPORT BOOL WINAPI GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE *phModule) {
    return module_handle_ex(dwFlags, lpModuleName, (dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) == 0, phModule);
}

/* ---- environment ------------------------------------------------------------------------------ */

ISAPI_EXPORT DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize) {
    const char *value = lpName ? getenv(lpName) : NULL;
    if (value == NULL) { SetLastError(ERROR_ENVVAR_NOT_FOUND); return 0; }
    size_t length = strlen(value);
    if (lpBuffer == NULL || length >= nSize) return (DWORD)length + 1;
    memcpy(lpBuffer, value, length + 1);
    SetLastError(ERROR_SUCCESS);
    return (DWORD)length;
}

ISAPI_EXPORT DWORD WINAPI GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize) {
    char *name = w32_utf8_from_utf16(lpName);
    const char *value = name ? getenv(name) : NULL;
    free(name);
    if (value == NULL) { SetLastError(ERROR_ENVVAR_NOT_FOUND); return 0; }
    size_t units = w32_utf16_from_utf8(value, NULL, 0);
    if (lpBuffer == NULL || units > nSize) return (DWORD)units;
    w32_utf16_from_utf8(value, lpBuffer, nSize);
    SetLastError(ERROR_SUCCESS);
    return (DWORD)units - 1;
}

ISAPI_EXPORT BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue) {
    if (lpName == NULL || *lpName == 0 || strchr(lpName, '=') != NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    if (lpValue == NULL) {
        if (getenv(lpName) == NULL) { SetLastError(ERROR_ENVVAR_NOT_FOUND); return FALSE; }
        unsetenv(lpName);
        return TRUE;
    }
    if (setenv(lpName, lpValue, 1) != 0) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    return TRUE;
}

ISAPI_EXPORT BOOL WINAPI SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue) {
    char *name = w32_utf8_from_utf16(lpName), *value = w32_utf8_from_utf16(lpValue);
    BOOL ok = SetEnvironmentVariableA(name, value);
    free(name);
    free(value);
    return ok;
}

/* ---- computer name ---------------------------------------------------------------------------- */

static int computer_name(char *out, size_t size) {
    if (gethostname(out, size) != 0) return 0;
    out[size - 1] = 0;
    char *dot = strchr(out, '.');
    if (dot) *dot = 0;
    for (char *cursor = out; *cursor; cursor++) *cursor = (char)toupper((unsigned char)*cursor);
    return 1;
}

ISAPI_EXPORT BOOL WINAPI GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize) {
    if (nSize == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    char name[HOST_NAME_MAX + 1];
    if (!computer_name(name, sizeof name)) { SetLastError(ERROR_GEN_FAILURE); return FALSE; }
    size_t length = strlen(name);
    if (lpBuffer == NULL || length + 1 > *nSize) {
        *nSize = (DWORD)length + 1;
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    memcpy(lpBuffer, name, length + 1);
    *nSize = (DWORD)length;
    return TRUE;
}

ISAPI_EXPORT BOOL WINAPI GetComputerNameW(LPWSTR lpBuffer, LPDWORD nSize) {
    if (nSize == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    char name[HOST_NAME_MAX + 1];
    if (!computer_name(name, sizeof name)) { SetLastError(ERROR_GEN_FAILURE); return FALSE; }
    size_t units = w32_utf16_from_utf8(name, NULL, 0);
    if (lpBuffer == NULL || units > *nSize) {
        *nSize = (DWORD)units;
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    w32_utf16_from_utf8(name, lpBuffer, *nSize);
    *nSize = (DWORD)units - 1;
    return TRUE;
}
