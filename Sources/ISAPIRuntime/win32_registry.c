/*
 * The read-only registry (isapi_bridge_win32_registry.h): keys are paths into the .reg file named
 * by ISAPI_BRIDGE_REGISTRY, read again whenever it changes; an open key is a kernel object holding
 * its path, so a key opened before the file changed reads the new values.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "win32_objects.h"
#include "win32_registry_file.h"

typedef struct w32_registry_key {
    w32_object base;
    char *path;
} w32_registry_key;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static reg_file registry;
static char *loaded_path = NULL;
static struct timespec loaded_time;
static off_t loaded_size = -1;
static int complained_missing = 0;

/* The registry as the file says now (lock held). */
static const reg_file *current_registry(void) {
    const char *path = getenv("ISAPI_BRIDGE_REGISTRY");
    struct stat status;
    if (path == NULL || *path == 0) {
        reg_file_free(&registry);
        free(loaded_path);
        loaded_path = NULL;
        return &registry;
    }
    if (stat(path, &status) != 0) {
        if (!complained_missing || loaded_path == NULL || strcmp(loaded_path, path) != 0) {
            fprintf(stderr, "isapi-bridge registry: cannot read ISAPI_BRIDGE_REGISTRY=%s (%s): every key reads as "
                    "not found\n", path, strerror(errno));
            complained_missing = 1;
        }
        reg_file_free(&registry);
        free(loaded_path);
        loaded_path = strdup(path);
        loaded_size = -1;
        return &registry;
    }
    complained_missing = 0;
    if (loaded_path != NULL && strcmp(loaded_path, path) == 0 && loaded_size == status.st_size &&
        loaded_time.tv_sec == status.st_mtim.tv_sec && loaded_time.tv_nsec == status.st_mtim.tv_nsec) {
        return &registry;
    }
    reg_file_free(&registry);
    free(loaded_path);
    loaded_path = strdup(path);
    loaded_time = status.st_mtim;
    loaded_size = status.st_size;
    FILE *file = fopen(path, "rb");
    if (file == NULL) return &registry;
    unsigned char *bytes = malloc((size_t)status.st_size + 1);
    size_t length = bytes ? fread(bytes, 1, (size_t)status.st_size, file) : 0;
    fclose(file);
    if (bytes) reg_file_parse(bytes, length, path, stderr, &registry);
    free(bytes);
    return &registry;
}

static void destroy_key(w32_object *object) {
    free(((w32_registry_key *)object)->path);
    free(object);
}

static const char *predefined_root(HKEY key) {
    switch ((uintptr_t)key) {
    case (uintptr_t)HKEY_CLASSES_ROOT: return "HKEY_CLASSES_ROOT";
    case (uintptr_t)HKEY_CURRENT_USER: return "HKEY_CURRENT_USER";
    case (uintptr_t)HKEY_LOCAL_MACHINE: return "HKEY_LOCAL_MACHINE";
    case (uintptr_t)HKEY_USERS: return "HKEY_USERS";
    case (uintptr_t)HKEY_PERFORMANCE_DATA: return "HKEY_PERFORMANCE_DATA";
    case (uintptr_t)HKEY_CURRENT_CONFIG: return "HKEY_CURRENT_CONFIG";
    default: return NULL;
    }
}

/* The path of `key` joined with `sub` (malloc'ed), or NULL with *status set. */
static char *key_path(HKEY key, const char *sub, LSTATUS *status) {
    const char *root = predefined_root(key);
    char *base = root ? strdup(root) : NULL;
    if (root == NULL) {
        w32_registry_key *open = (w32_registry_key *)w32_handle_take((HANDLE)key, w32_kind_registry_key);
        if (open == NULL) { *status = ERROR_INVALID_HANDLE; return NULL; }
        base = strdup(open->path);
        w32_release(&open->base);
    }
    if (base == NULL) { *status = ERROR_NOT_ENOUGH_MEMORY; return NULL; }
    if (sub == NULL) sub = "";
    char *path = malloc(strlen(base) + strlen(sub) + 2);
    if (path == NULL) { free(base); *status = ERROR_NOT_ENOUGH_MEMORY; return NULL; }
    strcpy(path, base);
    size_t at = strlen(path);
    free(base);
    if (*sub) path[at++] = '\\';
    for (const char *cursor = sub; *cursor; cursor++) {
        if (*cursor == '\\' && path[at - 1] == '\\') continue;
        path[at++] = *cursor;
    }
    while (path[at - 1] == '\\') at--;
    path[at] = 0;
    *status = ERROR_SUCCESS;
    return path;
}

static LSTATUS open_key(HKEY hKey, const char *lpSubKey, PHKEY phkResult) {
    if (phkResult == NULL) return ERROR_INVALID_PARAMETER;
    *phkResult = NULL;
    LSTATUS status;
    char *path = key_path(hKey, lpSubKey, &status);
    if (path == NULL) return status;
    pthread_mutex_lock(&registry_lock);
    int exists = reg_file_has_key(current_registry(), path);
    pthread_mutex_unlock(&registry_lock);
    if (!exists) { free(path); return ERROR_FILE_NOT_FOUND; }
    w32_registry_key *key = calloc(1, sizeof *key);
    if (key == NULL) { free(path); return ERROR_NOT_ENOUGH_MEMORY; }
    key->base.kind = w32_kind_registry_key;
    key->base.destroy = destroy_key;
    key->path = path;
    HANDLE handle = w32_handle_insert(&key->base);
    if (handle == NULL) { destroy_key(&key->base); return ERROR_NOT_ENOUGH_MEMORY; }
    *phkResult = (HKEY)handle;
    return ERROR_SUCCESS;
}

ISAPI_EXPORT LSTATUS WINAPI RegOpenKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD ulOptions, REGSAM samDesired, PHKEY phkResult) {
    (void)ulOptions; (void)samDesired; /* any access may open; writes are refused */
    return open_key(hKey, lpSubKey, phkResult);
}

ISAPI_EXPORT LSTATUS WINAPI RegOpenKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD ulOptions, REGSAM samDesired, PHKEY phkResult) {
    char *sub = w32_utf8_from_utf16(lpSubKey);
    LSTATUS status = RegOpenKeyExA(hKey, sub, ulOptions, samDesired, phkResult);
    free(sub);
    return status;
}

ISAPI_EXPORT LSTATUS WINAPI RegOpenKeyA(HKEY hKey, LPCSTR lpSubKey, PHKEY phkResult) {
    return open_key(hKey, lpSubKey, phkResult);
}

ISAPI_EXPORT LSTATUS WINAPI RegOpenKeyW(HKEY hKey, LPCWSTR lpSubKey, PHKEY phkResult) {
    return RegOpenKeyExW(hKey, lpSubKey, 0, KEY_READ, phkResult);
}

ISAPI_EXPORT LSTATUS WINAPI RegCreateKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD Reserved, LPSTR lpClass, DWORD dwOptions,
                                            REGSAM samDesired, const LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                            PHKEY phkResult, LPDWORD lpdwDisposition) {
    (void)Reserved; (void)lpClass; (void)dwOptions; (void)samDesired; (void)lpSecurityAttributes;
    LSTATUS status = open_key(hKey, lpSubKey, phkResult);
    if (status == ERROR_FILE_NOT_FOUND) return ERROR_ACCESS_DENIED;
    if (status == ERROR_SUCCESS && lpdwDisposition != NULL) *lpdwDisposition = REG_OPENED_EXISTING_KEY;
    return status;
}

ISAPI_EXPORT LSTATUS WINAPI RegCloseKey(HKEY hKey) {
    if (predefined_root(hKey) != NULL) return ERROR_SUCCESS;
    w32_object *key = w32_handle_take((HANDLE)hKey, w32_kind_registry_key);
    if (key == NULL) return ERROR_INVALID_HANDLE;
    w32_release(key);
    return CloseHandle((HANDLE)hKey) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

ISAPI_EXPORT LSTATUS WINAPI RegSetValueExA(HKEY hKey, LPCSTR lpValueName, DWORD Reserved, DWORD dwType, const BYTE *lpData,
                                           DWORD cbData) {
    (void)hKey; (void)lpValueName; (void)Reserved; (void)dwType; (void)lpData; (void)cbData;
    return ERROR_ACCESS_DENIED;
}

ISAPI_EXPORT LSTATUS WINAPI RegSetValueExW(HKEY hKey, LPCWSTR lpValueName, DWORD Reserved, DWORD dwType, const BYTE *lpData,
                                           DWORD cbData) {
    (void)hKey; (void)lpValueName; (void)Reserved; (void)dwType; (void)lpData; (void)cbData;
    return ERROR_ACCESS_DENIED;
}

/* ---- reading values --------------------------------------------------------------------------- */

/* %NAME% replaced by the environment variable; unknown names stay as written (as on Windows). */
static char *expand_environment(const char *text) {
    size_t capacity = strlen(text) + 1, at = 0;
    char *out = malloc(capacity);
    if (out == NULL) return NULL;
    for (const char *p = text; *p;) {
        const char *close = *p == '%' ? strchr(p + 1, '%') : NULL;
        const char *piece = p;
        size_t length = 1;
        if (close != NULL && close > p + 1) {
            char *name = strndup(p + 1, (size_t)(close - p - 1));
            const char *value = name ? getenv(name) : NULL;
            free(name);
            if (value != NULL) { piece = value; length = strlen(value); p = close + 1; }
            else { length = (size_t)(close - p); p = close; }
        } else {
            p++;
        }
        if (at + length + 1 > capacity) {
            capacity = (at + length + 1) * 2;
            char *grown = realloc(out, capacity);
            if (grown == NULL) { free(out); return NULL; }
            out = grown;
        }
        memcpy(out + at, piece, length);
        at += length;
    }
    out[at] = 0;
    return out;
}

/* A value as the caller receives it: UTF-8 or UTF-16LE strings, or the raw bytes. */
typedef struct answer {
    DWORD type;
    unsigned char *data;
    size_t size;
} answer;

static int widen_strings(const unsigned char *utf8, size_t size, answer *out) {
    size_t units = 0;
    for (size_t start = 0; start < size; start += strlen((const char *)utf8 + start) + 1) {
        units += w32_utf16_from_utf8((const char *)utf8 + start, NULL, 0);
    }
    WCHAR *wide = malloc(units * sizeof *wide + 1);
    if (wide == NULL) return 0;
    size_t at = 0;
    for (size_t start = 0; start < size; start += strlen((const char *)utf8 + start) + 1) {
        at += w32_utf16_from_utf8((const char *)utf8 + start, wide + at, units - at);
    }
    out->data = malloc(units * 2 + 1);
    if (out->data == NULL) { free(wide); return 0; }
    for (size_t index = 0; index < units; index++) {
        out->data[2 * index] = (unsigned char)(wide[index] & 0xFF);
        out->data[2 * index + 1] = (unsigned char)(wide[index] >> 8);
    }
    out->size = units * 2;
    free(wide);
    return 1;
}

/* Looks up `name` under `path`; expands REG_EXPAND_SZ when asked. */
static LSTATUS lookup(const char *path, const char *name, int wide, int expand, answer *out) {
    pthread_mutex_lock(&registry_lock);
    const reg_file *file = current_registry();
    const reg_value *value = reg_key_value(reg_file_key(file, path), name);
    if (value == NULL) {
        pthread_mutex_unlock(&registry_lock);
        return ERROR_FILE_NOT_FOUND;
    }
    out->type = value->type;
    unsigned char *bytes = malloc(value->size + 1);
    size_t size = value->size;
    if (bytes) memcpy(bytes, value->data, value->size);
    pthread_mutex_unlock(&registry_lock);
    if (bytes == NULL) return ERROR_NOT_ENOUGH_MEMORY;
    if (expand && out->type == REG_EXPAND_SZ) {
        char *expanded = expand_environment((const char *)bytes);
        free(bytes);
        if (expanded == NULL) return ERROR_NOT_ENOUGH_MEMORY;
        bytes = (unsigned char *)expanded;
        size = strlen(expanded) + 1;
        out->type = REG_SZ;
    }
    int strings = out->type == REG_SZ || out->type == REG_EXPAND_SZ || out->type == REG_MULTI_SZ;
    if (wide && strings) {
        int ok = widen_strings(bytes, size, out);
        free(bytes);
        return ok ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    }
    out->data = bytes;
    out->size = size;
    return ERROR_SUCCESS;
}

/* The buffer protocol: no buffer -> the size; too small -> ERROR_MORE_DATA and the size. */
static LSTATUS deliver(const answer *value, LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData) {
    if (lpType != NULL) *lpType = value->type;
    if (lpcbData == NULL) return ERROR_SUCCESS;
    DWORD needed = (DWORD)value->size;
    if (lpData == NULL) { *lpcbData = needed; return ERROR_SUCCESS; }
    if (*lpcbData < needed) { *lpcbData = needed; return ERROR_MORE_DATA; }
    memcpy(lpData, value->data, value->size);
    *lpcbData = needed;
    return ERROR_SUCCESS;
}

static LSTATUS query(HKEY hKey, const char *name, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData,
                     int wide) {
    if (lpReserved != NULL || (lpData != NULL && lpcbData == NULL)) return ERROR_INVALID_PARAMETER;
    LSTATUS status;
    char *path = key_path(hKey, NULL, &status);
    if (path == NULL) return status;
    answer value = { 0, NULL, 0 };
    status = lookup(path, name, wide, 0, &value);
    free(path);
    if (status == ERROR_SUCCESS) status = deliver(&value, lpType, lpData, lpcbData);
    free(value.data);
    return status;
}

ISAPI_EXPORT LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType,
                                             LPBYTE lpData, LPDWORD lpcbData) {
    return query(hKey, lpValueName, lpReserved, lpType, lpData, lpcbData, 0);
}

ISAPI_EXPORT LSTATUS WINAPI RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType,
                                             LPBYTE lpData, LPDWORD lpcbData) {
    char *name = w32_utf8_from_utf16(lpValueName);
    LSTATUS status = query(hKey, name, lpReserved, lpType, lpData, lpcbData, 1);
    free(name);
    return status;
}

static DWORD type_flag(DWORD type) {
    switch (type) {
    case REG_NONE: return RRF_RT_REG_NONE;
    case REG_SZ: return RRF_RT_REG_SZ;
    case REG_EXPAND_SZ: return RRF_RT_REG_EXPAND_SZ;
    case REG_BINARY: return RRF_RT_REG_BINARY;
    case REG_DWORD: return RRF_RT_REG_DWORD;
    case REG_MULTI_SZ: return RRF_RT_REG_MULTI_SZ;
    case REG_QWORD: return RRF_RT_REG_QWORD;
    default: return 0;
    }
}

static LSTATUS get_value(HKEY hkey, const char *lpSubKey, const char *lpValue, DWORD dwFlags, LPDWORD pdwType, PVOID pvData,
                         LPDWORD pcbData, int wide) {
    DWORD allowed = dwFlags & RRF_RT_ANY;
    /* The documentation: REG_EXPAND_SZ is returned as such only with RRF_NOEXPAND. */
    if (allowed == 0 || (pvData != NULL && pcbData == NULL) ||
        ((allowed & RRF_RT_REG_EXPAND_SZ) && !(dwFlags & RRF_NOEXPAND) && allowed != RRF_RT_ANY)) {
        return ERROR_INVALID_PARAMETER;
    }
    LSTATUS status;
    char *path = key_path(hkey, lpSubKey, &status);
    if (path == NULL) return status;
    answer value = { 0, NULL, 0 };
    status = lookup(path, lpValue, wide, !(dwFlags & RRF_NOEXPAND), &value);
    free(path);
    if (status == ERROR_SUCCESS && !(type_flag(value.type) & allowed)) status = ERROR_UNSUPPORTED_TYPE;
    if (status == ERROR_SUCCESS) status = deliver(&value, pdwType, pvData, pcbData);
    if (status != ERROR_SUCCESS && (dwFlags & RRF_ZEROONFAILURE) && pvData != NULL && pcbData != NULL) {
        memset(pvData, 0, *pcbData);
    }
    free(value.data);
    return status;
}

ISAPI_EXPORT LSTATUS WINAPI RegGetValueA(HKEY hkey, LPCSTR lpSubKey, LPCSTR lpValue, DWORD dwFlags, LPDWORD pdwType,
                                         PVOID pvData, LPDWORD pcbData) {
    return get_value(hkey, lpSubKey, lpValue, dwFlags, pdwType, pvData, pcbData, 0);
}

ISAPI_EXPORT LSTATUS WINAPI RegGetValueW(HKEY hkey, LPCWSTR lpSubKey, LPCWSTR lpValue, DWORD dwFlags, LPDWORD pdwType,
                                         PVOID pvData, LPDWORD pcbData) {
    char *sub = w32_utf8_from_utf16(lpSubKey);
    char *name = w32_utf8_from_utf16(lpValue);
    LSTATUS status = get_value(hkey, sub, name, dwFlags, pdwType, pvData, pcbData, 1);
    free(sub);
    free(name);
    return status;
}
