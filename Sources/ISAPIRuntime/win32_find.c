/*
 * FindFirstFile/FindNextFile/FindClose: a directory listing filtered by the wildcard of the last
 * path component ('*', '?'; without regard to case; "*.*" is every name, as on Windows).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "win32_objects.h"
#include "win32_file_times.h"

typedef struct w32_find {
    w32_object base;
    DIR *directory;
    char *directory_path;
    char *pattern;
} w32_find;

/* One found entry, in the narrow form of WIN32_FIND_DATAA (the W functions convert the name). */
typedef struct found {
    WIN32_FIND_DATAA data;
} found;

static void destroy_find(w32_object *object) {
    w32_find *find = (w32_find *)object;
    if (find->directory) closedir(find->directory);
    free(find->directory_path);
    free(find->pattern);
    free(find);
}

/* The next matching entry; 0 with ERROR_NO_MORE_FILES at the end. */
static int next_entry(w32_find *find, found *out) {
    for (;;) {
        errno = 0;
        struct dirent *entry = readdir(find->directory);
        if (entry == NULL) { SetLastError(ERROR_NO_MORE_FILES); return 0; }
        if (fnmatch(find->pattern, entry->d_name, FNM_CASEFOLD) != 0) continue;
        size_t length = strlen(entry->d_name);
        if (length >= MAX_PATH) continue; /* cannot be reported in cFileName */
        char *full = malloc(strlen(find->directory_path) + length + 2);
        if (full == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
        strcpy(full, find->directory_path);
        strcat(full, "/");
        strcat(full, entry->d_name);
        struct stat status;
        int known = stat(full, &status) == 0;
        free(full);
        memset(out, 0, sizeof *out);
        if (known) {
            out->data.dwFileAttributes = w32_attributes(&status, entry->d_name);
            out->data.ftCreationTime = w32_filetime(status.st_mtim);
            out->data.ftLastAccessTime = w32_filetime(status.st_atim);
            out->data.ftLastWriteTime = w32_filetime(status.st_mtim);
            if (!S_ISDIR(status.st_mode)) {
                out->data.nFileSizeHigh = (DWORD)((uint64_t)status.st_size >> 32);
                out->data.nFileSizeLow = (DWORD)status.st_size;
            }
        } else {
            out->data.dwFileAttributes = FILE_ATTRIBUTE_NORMAL; /* a dangling link */
        }
        memcpy(out->data.cFileName, entry->d_name, length + 1);
        return 1;
    }
}

static HANDLE find_first(LPCSTR lpFileName, found *out) {
    if (lpFileName == NULL || out == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return INVALID_HANDLE_VALUE; }
    char *path = w32_linux_path(lpFileName);
    if (path == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return INVALID_HANDLE_VALUE; }
    w32_find *find = calloc(1, sizeof *find);
    if (find == NULL) { free(path); SetLastError(ERROR_NOT_ENOUGH_MEMORY); return INVALID_HANDLE_VALUE; }
    find->base.kind = w32_kind_find;
    find->base.destroy = destroy_find;
    char *slash = strrchr(path, '/');
    const char *pattern = slash ? slash + 1 : path;
    find->directory_path = slash == path ? strdup("/") : slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    find->pattern = strdup(strcmp(pattern, "*.*") == 0 ? "*" : pattern);
    free(path);
    if (find->directory_path == NULL || find->pattern == NULL) {
        destroy_find(&find->base);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    if (*find->pattern == 0) {
        destroy_find(&find->base);
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    find->directory = opendir(find->directory_path);
    if (find->directory == NULL) {
        SetLastError(errno == ENOENT || errno == ENOTDIR ? ERROR_PATH_NOT_FOUND : w32_error_from_errno(errno, NULL));
        destroy_find(&find->base);
        return INVALID_HANDLE_VALUE;
    }
    if (!next_entry(find, out)) {
        destroy_find(&find->base);
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    HANDLE handle = w32_handle_insert(&find->base);
    if (handle == NULL) { destroy_find(&find->base); return INVALID_HANDLE_VALUE; }
    SetLastError(ERROR_SUCCESS);
    return handle;
}

static void widen(const found *entry, LPWIN32_FIND_DATAW out) {
    memset(out, 0, sizeof *out);
    out->dwFileAttributes = entry->data.dwFileAttributes;
    out->ftCreationTime = entry->data.ftCreationTime;
    out->ftLastAccessTime = entry->data.ftLastAccessTime;
    out->ftLastWriteTime = entry->data.ftLastWriteTime;
    out->nFileSizeHigh = entry->data.nFileSizeHigh;
    out->nFileSizeLow = entry->data.nFileSizeLow;
    w32_utf16_from_utf8(entry->data.cFileName, out->cFileName, MAX_PATH);
    out->cFileName[MAX_PATH - 1] = 0;
}

ISAPI_EXPORT HANDLE WINAPI FindFirstFileA(LPCSTR lpFileName, LPWIN32_FIND_DATAA lpFindFileData) {
    return find_first(lpFileName, (found *)lpFindFileData);
}

ISAPI_EXPORT HANDLE WINAPI FindFirstFileW(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData) {
    if (lpFileName == NULL || lpFindFileData == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return INVALID_HANDLE_VALUE; }
    char *narrow = w32_utf8_from_utf16(lpFileName);
    found entry;
    HANDLE handle = find_first(narrow, &entry);
    DWORD error = GetLastError();
    free(narrow);
    if (handle != INVALID_HANDLE_VALUE) widen(&entry, lpFindFileData);
    SetLastError(error);
    return handle;
}

static BOOL find_next(HANDLE hFindFile, found *out) {
    if (out == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    w32_find *find = (w32_find *)w32_handle_take(hFindFile, w32_kind_find);
    if (find == NULL) return FALSE;
    int ok = next_entry(find, out);
    w32_release(&find->base);
    return ok;
}

ISAPI_EXPORT BOOL WINAPI FindNextFileA(HANDLE hFindFile, LPWIN32_FIND_DATAA lpFindFileData) {
    return find_next(hFindFile, (found *)lpFindFileData);
}

ISAPI_EXPORT BOOL WINAPI FindNextFileW(HANDLE hFindFile, LPWIN32_FIND_DATAW lpFindFileData) {
    if (lpFindFileData == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    found entry;
    if (!find_next(hFindFile, &entry)) return FALSE;
    widen(&entry, lpFindFileData);
    return TRUE;
}

ISAPI_EXPORT BOOL WINAPI FindClose(HANDLE hFindFile) {
    w32_find *find = (w32_find *)w32_handle_take(hFindFile, w32_kind_find);
    if (find == NULL) return FALSE;
    w32_release(&find->base);
    return CloseHandle(hFindFile);
}
