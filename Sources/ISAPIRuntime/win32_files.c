/*
 * CreateFile & co. over POSIX descriptors; a file handle is a kernel object holding the descriptor.
 * Paths and errors: win32_text.c. Directory listings: win32_find.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "win32_objects.h"
#include "win32_file_times.h"

typedef struct w32_file {
    w32_object base;
    int fd;
    char *delete_on_close; /* FILE_FLAG_DELETE_ON_CLOSE: the path to unlink at the last close */
} w32_file;

static void destroy_file(w32_object *object) {
    w32_file *file = (w32_file *)object;
    close(file->fd);
    if (file->delete_on_close) unlink(file->delete_on_close);
    free(file->delete_on_close);
    free(file);
}

static int fail_errno(int error, const char *path) {
    SetLastError(w32_error_from_errno(error, path));
    return 0;
}

/* Windows attributes of a stat result: DIRECTORY, READONLY (no owner write bit), HIDDEN (a dot
 * name), NORMAL when nothing else applies. */
DWORD w32_attributes(const struct stat *status, const char *path) {
    DWORD attributes = 0;
    if (S_ISDIR(status->st_mode)) attributes |= FILE_ATTRIBUTE_DIRECTORY;
    if (!(status->st_mode & S_IWUSR)) attributes |= FILE_ATTRIBUTE_READONLY;
    const char *name = path ? strrchr(path, '/') : NULL;
    name = name ? name + 1 : path;
    if (name && name[0] == '.' && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) attributes |= FILE_ATTRIBUTE_HIDDEN;
    return attributes ? attributes : FILE_ATTRIBUTE_NORMAL;
}

FILETIME w32_filetime(struct timespec time) {
    uint64_t ticks = ((uint64_t)time.tv_sec + 11644473600u) * 10000000u + (uint64_t)time.tv_nsec / 100u;
    FILETIME result = { (DWORD)ticks, (DWORD)(ticks >> 32) };
    return result;
}

static int open_flags(DWORD access, DWORD disposition, int *flags) {
    int read = (access & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA | GENERIC_EXECUTE)) != 0;
    int write = (access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    *flags = O_CLOEXEC | (read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY);
    if ((access & FILE_APPEND_DATA) && !(access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA))) *flags |= O_APPEND;
    switch (disposition) {
    case CREATE_NEW: *flags |= O_CREAT | O_EXCL; return 1;
    case CREATE_ALWAYS: *flags |= O_CREAT | O_TRUNC; return 1;
    case OPEN_EXISTING: return 1;
    case OPEN_ALWAYS: *flags |= O_CREAT; return 1;
    case TRUNCATE_EXISTING: *flags |= O_TRUNC; return write;
    default: return 0;
    }
}

ISAPI_EXPORT HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                       LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                       DWORD dwFlagsAndAttributes, HANDLE hTemplateFile) {
    (void)dwShareMode; (void)lpSecurityAttributes; (void)hTemplateFile;
    int flags;
    if (lpFileName == NULL || *lpFileName == 0) { SetLastError(ERROR_PATH_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    if (!open_flags(dwDesiredAccess, dwCreationDisposition, &flags) || (dwFlagsAndAttributes & FILE_FLAG_OVERLAPPED)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    char *path = w32_linux_path(lpFileName);
    if (path == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return INVALID_HANDLE_VALUE; }
    struct stat status;
    int existed = stat(path, &status) == 0;
    if (existed && S_ISDIR(status.st_mode)) {
        /* A directory opens only with FILE_FLAG_BACKUP_SEMANTICS, for reading its information. */
        if (!(dwFlagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS) || dwCreationDisposition == CREATE_NEW) {
            SetLastError(dwCreationDisposition == CREATE_NEW ? ERROR_FILE_EXISTS : ERROR_ACCESS_DENIED);
            free(path);
            return INVALID_HANDLE_VALUE;
        }
        flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    }
    mode_t mode = (dwFlagsAndAttributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
    int fd;
    do { fd = open(path, flags, mode); } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        fail_errno(errno, path);
        free(path);
        return INVALID_HANDLE_VALUE;
    }
    w32_file *file = calloc(1, sizeof *file);
    if (file == NULL) { close(fd); free(path); SetLastError(ERROR_NOT_ENOUGH_MEMORY); return INVALID_HANDLE_VALUE; }
    file->base.kind = w32_kind_file;
    file->base.destroy = destroy_file;
    file->fd = fd;
    if (dwFlagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE) file->delete_on_close = path;
    else free(path);
    HANDLE handle = w32_handle_insert(&file->base);
    if (handle == NULL) { destroy_file(&file->base); return INVALID_HANDLE_VALUE; }
    /* CREATE_ALWAYS and OPEN_ALWAYS tell whether the file was there. */
    int reports = dwCreationDisposition == CREATE_ALWAYS || dwCreationDisposition == OPEN_ALWAYS;
    SetLastError(reports && existed ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return handle;
}

ISAPI_EXPORT HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                       LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                       DWORD dwFlagsAndAttributes, HANDLE hTemplateFile) {
    char *name = w32_utf8_from_utf16(lpFileName);
    HANDLE handle = CreateFileA(name, dwDesiredAccess, dwShareMode, lpSecurityAttributes, dwCreationDisposition,
                                dwFlagsAndAttributes, hTemplateFile);
    DWORD error = GetLastError();
    free(name);
    SetLastError(error);
    return handle;
}

static w32_file *take_file(HANDLE handle) { return (w32_file *)w32_handle_take(handle, w32_kind_file); }

ISAPI_EXPORT BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
                                  LPOVERLAPPED lpOverlapped) {
    if (lpOverlapped != NULL || lpNumberOfBytesRead == NULL || (lpBuffer == NULL && nNumberOfBytesToRead > 0)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *lpNumberOfBytesRead = 0;
    w32_file *file = take_file(hFile);
    if (file == NULL) return FALSE;
    DWORD done = 0;
    BOOL ok = TRUE;
    while (done < nNumberOfBytesToRead) {
        ssize_t count = read(file->fd, (char *)lpBuffer + done, nNumberOfBytesToRead - done);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) { ok = fail_errno(errno == EBADF ? EACCES : errno, NULL); break; } /* EBADF: not open for reading */
        if (count == 0) break; /* end of file: TRUE with fewer bytes */
        done += (DWORD)count;
    }
    *lpNumberOfBytesRead = done;
    w32_release(&file->base);
    return ok;
}

ISAPI_EXPORT BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                                   LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped) {
    if (lpOverlapped != NULL || lpNumberOfBytesWritten == NULL || (lpBuffer == NULL && nNumberOfBytesToWrite > 0)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *lpNumberOfBytesWritten = 0;
    w32_file *file = take_file(hFile);
    if (file == NULL) return FALSE;
    DWORD done = 0;
    BOOL ok = TRUE;
    while (done < nNumberOfBytesToWrite) {
        ssize_t count = write(file->fd, (const char *)lpBuffer + done, nNumberOfBytesToWrite - done);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) { ok = fail_errno(count < 0 ? (errno == EBADF ? EACCES : errno) : ENOSPC, NULL); break; }
        done += (DWORD)count;
    }
    *lpNumberOfBytesWritten = done;
    w32_release(&file->base);
    return ok;
}

/* Moves the file pointer; a position before the start is ERROR_NEGATIVE_SEEK. */
static int seek(HANDLE hFile, int64_t distance, DWORD method, int64_t *position) {
    int whence = method == FILE_BEGIN ? SEEK_SET : method == FILE_CURRENT ? SEEK_CUR : method == FILE_END ? SEEK_END : -1;
    if (whence < 0) { SetLastError(ERROR_INVALID_PARAMETER); return 0; }
    w32_file *file = take_file(hFile);
    if (file == NULL) return 0;
    int ok = 1;
    off_t current = lseek(file->fd, 0, SEEK_CUR);
    off_t end = whence == SEEK_END ? lseek(file->fd, 0, SEEK_END) : 0;
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)current : (int64_t)end;
    if (current < 0 || end < 0) {
        ok = fail_errno(errno, NULL);
    } else if (base + distance < 0) {
        lseek(file->fd, current, SEEK_SET);
        SetLastError(ERROR_NEGATIVE_SEEK);
        ok = 0;
    } else if (lseek(file->fd, (off_t)(base + distance), SEEK_SET) < 0) {
        ok = fail_errno(errno, NULL);
    } else {
        *position = base + distance;
    }
    w32_release(&file->base);
    return ok;
}

ISAPI_EXPORT DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh,
                                         DWORD dwMoveMethod) {
    int64_t distance = lpDistanceToMoveHigh != NULL
        ? (int64_t)(((uint64_t)(uint32_t)*lpDistanceToMoveHigh << 32) | (uint32_t)lDistanceToMove)
        : (int64_t)lDistanceToMove;
    int64_t position;
    if (!seek(hFile, distance, dwMoveMethod, &position)) return INVALID_SET_FILE_POINTER;
    if (lpDistanceToMoveHigh != NULL) *lpDistanceToMoveHigh = (LONG)(position >> 32);
    /* A low part of 0xFFFFFFFF is a real position: callers tell by the last error. */
    SetLastError(ERROR_SUCCESS);
    return (DWORD)position;
}

ISAPI_EXPORT BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
                                          DWORD dwMoveMethod) {
    int64_t position;
    if (!seek(hFile, liDistanceToMove.QuadPart, dwMoveMethod, &position)) return FALSE;
    if (lpNewFilePointer != NULL) lpNewFilePointer->QuadPart = position;
    return TRUE;
}

static int file_status(HANDLE hFile, struct stat *status) {
    w32_file *file = take_file(hFile);
    if (file == NULL) return 0;
    int ok = fstat(file->fd, status) == 0 ? 1 : fail_errno(errno, NULL);
    w32_release(&file->base);
    return ok;
}

ISAPI_EXPORT DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh) {
    struct stat status;
    if (!file_status(hFile, &status)) return INVALID_FILE_SIZE;
    if (lpFileSizeHigh != NULL) *lpFileSizeHigh = (DWORD)((uint64_t)status.st_size >> 32);
    SetLastError(ERROR_SUCCESS);
    return (DWORD)status.st_size;
}

ISAPI_EXPORT BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize) {
    if (lpFileSize == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    struct stat status;
    if (!file_status(hFile, &status)) return FALSE;
    lpFileSize->QuadPart = (LONGLONG)status.st_size;
    return TRUE;
}

ISAPI_EXPORT BOOL WINAPI FlushFileBuffers(HANDLE hFile) {
    w32_file *file = take_file(hFile);
    if (file == NULL) return FALSE;
    BOOL ok = fsync(file->fd) == 0 || errno == EINVAL ? TRUE : fail_errno(errno, NULL);
    w32_release(&file->base);
    return ok;
}

ISAPI_EXPORT BOOL WINAPI SetEndOfFile(HANDLE hFile) {
    w32_file *file = take_file(hFile);
    if (file == NULL) return FALSE;
    off_t here = lseek(file->fd, 0, SEEK_CUR);
    BOOL ok = here >= 0 && ftruncate(file->fd, here) == 0 ? TRUE : fail_errno(errno, NULL);
    w32_release(&file->base);
    return ok;
}

ISAPI_EXPORT BOOL WINAPI GetFileInformationByHandle(HANDLE hFile, LPBY_HANDLE_FILE_INFORMATION lpFileInformation) {
    if (lpFileInformation == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    struct stat status;
    if (!file_status(hFile, &status)) return FALSE;
    memset(lpFileInformation, 0, sizeof *lpFileInformation);
    lpFileInformation->dwFileAttributes = w32_attributes(&status, NULL);
    lpFileInformation->ftCreationTime = w32_filetime(status.st_mtim);
    lpFileInformation->ftLastAccessTime = w32_filetime(status.st_atim);
    lpFileInformation->ftLastWriteTime = w32_filetime(status.st_mtim);
    lpFileInformation->dwVolumeSerialNumber = (DWORD)status.st_dev;
    lpFileInformation->nFileSizeHigh = (DWORD)((uint64_t)status.st_size >> 32);
    lpFileInformation->nFileSizeLow = (DWORD)status.st_size;
    lpFileInformation->nNumberOfLinks = (DWORD)status.st_nlink;
    lpFileInformation->nFileIndexHigh = (DWORD)((uint64_t)status.st_ino >> 32);
    lpFileInformation->nFileIndexLow = (DWORD)status.st_ino;
    return TRUE;
}

/* ---- by path ---------------------------------------------------------------------------------- */

/* Runs `operation` on the Linux form of a narrow path; failures set the last error from errno. */
static int on_path(LPCSTR name, int (*operation)(const char *path, void *context), void *context) {
    if (name == NULL || *name == 0) { SetLastError(ERROR_PATH_NOT_FOUND); return 0; }
    char *path = w32_linux_path(name);
    if (path == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    int ok = operation(path, context);
    free(path);
    return ok;
}

/* The same for a UTF-16 path. */
static int on_wide_path(LPCWSTR name, int (*operation)(const char *path, void *context), void *context) {
    char *narrow = w32_utf8_from_utf16(name);
    int ok = on_path(narrow, operation, context);
    free(narrow);
    return ok;
}

static int attributes_of(const char *path, void *context) {
    struct stat status;
    if (stat(path, &status) != 0) return fail_errno(errno, path);
    *(DWORD *)context = w32_attributes(&status, path);
    return 1;
}

ISAPI_EXPORT DWORD WINAPI GetFileAttributesA(LPCSTR lpFileName) {
    DWORD attributes;
    return on_path(lpFileName, attributes_of, &attributes) ? attributes : INVALID_FILE_ATTRIBUTES;
}

ISAPI_EXPORT DWORD WINAPI GetFileAttributesW(LPCWSTR lpFileName) {
    DWORD attributes;
    return on_wide_path(lpFileName, attributes_of, &attributes) ? attributes : INVALID_FILE_ATTRIBUTES;
}

static int attribute_data_of(const char *path, void *context) {
    struct stat status;
    if (stat(path, &status) != 0) return fail_errno(errno, path);
    WIN32_FILE_ATTRIBUTE_DATA *data = context;
    data->dwFileAttributes = w32_attributes(&status, path);
    data->ftCreationTime = w32_filetime(status.st_mtim);
    data->ftLastAccessTime = w32_filetime(status.st_atim);
    data->ftLastWriteTime = w32_filetime(status.st_mtim);
    data->nFileSizeHigh = S_ISDIR(status.st_mode) ? 0 : (DWORD)((uint64_t)status.st_size >> 32);
    data->nFileSizeLow = S_ISDIR(status.st_mode) ? 0 : (DWORD)status.st_size;
    return 1;
}

ISAPI_EXPORT BOOL WINAPI GetFileAttributesExA(LPCSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                              LPVOID lpFileInformation) {
    if (fInfoLevelId != GetFileExInfoStandard || lpFileInformation == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return on_path(lpFileName, attribute_data_of, lpFileInformation);
}

ISAPI_EXPORT BOOL WINAPI GetFileAttributesExW(LPCWSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                              LPVOID lpFileInformation) {
    if (fInfoLevelId != GetFileExInfoStandard || lpFileInformation == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return on_wide_path(lpFileName, attribute_data_of, lpFileInformation);
}

/* A directory is not a file: ERROR_ACCESS_DENIED, as on Windows. */
static int delete_file(const char *path, void *context) {
    (void)context;
    struct stat status;
    if (lstat(path, &status) == 0 && S_ISDIR(status.st_mode)) { SetLastError(ERROR_ACCESS_DENIED); return 0; }
    return unlink(path) == 0 ? 1 : fail_errno(errno, path);
}

ISAPI_EXPORT BOOL WINAPI DeleteFileA(LPCSTR lpFileName) { return on_path(lpFileName, delete_file, NULL); }
ISAPI_EXPORT BOOL WINAPI DeleteFileW(LPCWSTR lpFileName) { return on_wide_path(lpFileName, delete_file, NULL); }

/* An existing name is ERROR_ALREADY_EXISTS here (not ERROR_FILE_EXISTS). */
static int create_directory(const char *path, void *context) {
    (void)context;
    if (mkdir(path, 0777) == 0) return 1;
    if (errno == EEXIST) { SetLastError(ERROR_ALREADY_EXISTS); return 0; }
    if (errno == ENOENT) { SetLastError(ERROR_PATH_NOT_FOUND); return 0; }
    return fail_errno(errno, path);
}

ISAPI_EXPORT BOOL WINAPI CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes) {
    (void)lpSecurityAttributes;
    return on_path(lpPathName, create_directory, NULL);
}

ISAPI_EXPORT BOOL WINAPI CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes) {
    (void)lpSecurityAttributes;
    return on_wide_path(lpPathName, create_directory, NULL);
}

static int remove_directory(const char *path, void *context) {
    (void)context;
    if (rmdir(path) == 0) return 1;
    if (errno == ENOTDIR) { SetLastError(ERROR_DIRECTORY); return 0; }
    return fail_errno(errno, path);
}

ISAPI_EXPORT BOOL WINAPI RemoveDirectoryA(LPCSTR lpPathName) { return on_path(lpPathName, remove_directory, NULL); }
ISAPI_EXPORT BOOL WINAPI RemoveDirectoryW(LPCWSTR lpPathName) { return on_wide_path(lpPathName, remove_directory, NULL); }

/* A duplicate of the descriptor behind a file HANDLE (the caller closes it), or -1 with the last
 * error set: how the host sends a file an ISAPI extension names by HANDLE (HSE_REQ_TRANSMIT_FILE). */
int isapi_file_descriptor_duplicate(HANDLE hFile) {
    w32_file *file = take_file(hFile);
    if (file == NULL) return -1;
    int duplicate = dup(file->fd);
    if (duplicate < 0) SetLastError(w32_error_from_errno(errno, NULL));
    w32_release(&file->base);
    return duplicate;
}
