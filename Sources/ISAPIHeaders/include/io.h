/* isapi-bridge: io.h, the MSVC low-level I/O names over POSIX: _access/_access_s, _open/_read/
 * _write/_close/_lseek and their _O_* flags (_O_BINARY and _O_TEXT are 0: Linux files have no text
 * mode), _unlink, and the _findfirst/_findnext/_findclose directory search with _finddata_t and the
 * _A_* attribute bits. A search pattern is a directory (either separator) and a file-name pattern
 * matched with fnmatch ('*' and '?'; "*.*" matches names without a dot too, as on Windows);
 * _A_RDONLY means the owner cannot write, _A_SUBDIR a directory, _A_HIDDEN a name starting with '.'.
 * No _A_SYSTEM or _A_ARCH: Linux has neither. */
#ifndef ISAPI_BRIDGE_IO_H
#define ISAPI_BRIDGE_IO_H
#include <windows.h>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _A_NORMAL 0x00
#define _A_RDONLY 0x01
#define _A_HIDDEN 0x02
#define _A_SYSTEM 0x04
#define _A_SUBDIR 0x10
#define _A_ARCH 0x20

#define _O_RDONLY O_RDONLY
#define _O_WRONLY O_WRONLY
#define _O_RDWR O_RDWR
#define _O_APPEND O_APPEND
#define _O_CREAT O_CREAT
#define _O_TRUNC O_TRUNC
#define _O_EXCL O_EXCL
#define _O_BINARY 0
#define _O_TEXT 0
#define _O_NOINHERIT O_CLOEXEC
#define _S_IREAD S_IRUSR
#define _S_IWRITE S_IWUSR
#define _open open
#define _close close
#define _read read
#define _write write
#define _lseek lseek
#define _unlink unlink
#define _dup dup
#define _dup2 dup2
#define _isatty isatty
#define _fileno fileno

typedef unsigned long _fsize_t;
struct _finddata_t {
    unsigned attrib;
    time_t time_create; /* the status-change time: Linux keeps no creation time here */
    time_t time_access;
    time_t time_write;
    _fsize_t size;
    char name[260];
};
#define _finddata64_t _finddata_t
#define _finddatai64_t _finddata_t
#define _findfirst64 _findfirst
#define _findnext64 _findnext
#define _findfirsti64 _findfirst
#define _findnexti64 _findnext

/* 0 when `path` exists and allows `mode` (0 exists, 2 write, 4 read, 6 both), else -1 and errno. */
static inline int _access(const char *path, int mode) {
    if (!path || (mode & ~6)) { errno = EINVAL; return -1; }
    return access(path, mode == 0 ? F_OK : ((mode & 2) ? W_OK : 0) | ((mode & 4) ? R_OK : 0));
}
static inline errno_t _access_s(const char *path, int mode) { return _access(path, mode) == 0 ? 0 : errno; }

/* The open search: a malloc'ed record behind the intptr_t handle. */
typedef struct {
    DIR *directory;
    char folder[4096];
    char pattern[256];
} isapi_bridge_find;

static inline int isapi_bridge_find_next(isapi_bridge_find *find, struct _finddata_t *data) {
    struct dirent *entry;
    while ((entry = readdir(find->directory)) != NULL) {
        int matches = fnmatch(find->pattern, entry->d_name, 0) == 0 ||
                      (strcmp(find->pattern, "*.*") == 0);
        if (!matches) continue;
        char path[4096 + 256];
        snprintf(path, sizeof path, "%s%s", find->folder, entry->d_name);
        struct stat status;
        if (stat(path, &status) != 0) continue;
        memset(data, 0, sizeof *data);
        data->attrib = (S_ISDIR(status.st_mode) ? _A_SUBDIR : 0) | (entry->d_name[0] == '.' ? _A_HIDDEN : 0) |
                       ((status.st_mode & S_IWUSR) ? 0 : _A_RDONLY);
        data->time_create = status.st_ctime;
        data->time_access = status.st_atime;
        data->time_write = status.st_mtime;
        data->size = (_fsize_t)status.st_size;
        snprintf(data->name, sizeof data->name, "%s", entry->d_name);
        return 0;
    }
    errno = ENOENT;
    return -1;
}

/* A handle for _findnext/_findclose, or -1 with errno ENOENT (nothing matches) or EINVAL. */
static inline intptr_t _findfirst(const char *pattern, struct _finddata_t *data) {
    if (!pattern || !data) { errno = EINVAL; return -1; }
    isapi_bridge_find *find = (isapi_bridge_find *)calloc(1, sizeof *find);
    if (!find) { errno = ENOMEM; return -1; }
    const char *name = pattern;
    for (const char *cursor = pattern; *cursor; cursor++) {
        if (*cursor == '/' || *cursor == '\\') name = cursor + 1;
    }
    size_t folderLength = (size_t)(name - pattern);
    if (folderLength >= sizeof find->folder || strlen(name) >= sizeof find->pattern) {
        free(find);
        errno = EINVAL;
        return -1;
    }
    memcpy(find->folder, pattern, folderLength);
    for (size_t index = 0; index < folderLength; index++) if (find->folder[index] == '\\') find->folder[index] = '/';
    snprintf(find->pattern, sizeof find->pattern, "%s", name);
    find->directory = opendir(folderLength ? find->folder : ".");
    if (!find->directory || isapi_bridge_find_next(find, data) != 0) {
        if (find->directory) closedir(find->directory);
        free(find);
        errno = ENOENT;
        return -1;
    }
    return (intptr_t)find;
}
static inline int _findnext(intptr_t handle, struct _finddata_t *data) {
    if (handle == -1 || !handle || !data) { errno = EINVAL; return -1; }
    return isapi_bridge_find_next((isapi_bridge_find *)handle, data);
}
static inline int _findclose(intptr_t handle) {
    if (handle == -1 || !handle) { errno = EINVAL; return -1; }
    isapi_bridge_find *find = (isapi_bridge_find *)handle;
    closedir(find->directory);
    free(find);
    return 0;
}

#ifdef __cplusplus
}
#endif
#endif /* ISAPI_BRIDGE_IO_H */
