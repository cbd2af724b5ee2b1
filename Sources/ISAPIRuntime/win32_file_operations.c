/*
 * MoveFile(Ex), CopyFile, GetTempPath, GetTempFileName, GetCurrentDirectory: file operations by name
 * (paths and errors as in win32_files.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "win32_objects.h"


static BOOL fail(int error, const char *path) {
    SetLastError(w32_error_from_errno(error, path));
    return FALSE;
}

static BOOL move(const char *from_name, const char *to_name, DWORD flags) {
    if (from_name == NULL || to_name == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    char *from = w32_linux_path(from_name), *to = w32_linux_path(to_name);
    BOOL ok = FALSE;
    struct stat status;
    if (from == NULL || to == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    } else if (lstat(from, &status) != 0) {
        fail(errno, from);
    } else if (lstat(to, &status) == 0 && (!(flags & MOVEFILE_REPLACE_EXISTING) || S_ISDIR(status.st_mode))) {
        SetLastError(S_ISDIR(status.st_mode) && (flags & MOVEFILE_REPLACE_EXISTING) ? ERROR_ACCESS_DENIED : ERROR_ALREADY_EXISTS);
    } else if (rename(from, to) != 0) {
        if (errno == EXDEV) SetLastError(ERROR_NOT_SAME_DEVICE);
        else fail(errno, to);
    } else {
        ok = TRUE;
    }
    free(from);
    free(to);
    return ok;
}

ISAPI_EXPORT BOOL WINAPI MoveFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName) {
    return move(lpExistingFileName, lpNewFileName, 0);
}

ISAPI_EXPORT BOOL WINAPI MoveFileExA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, DWORD dwFlags) {
    return move(lpExistingFileName, lpNewFileName, dwFlags);
}

ISAPI_EXPORT BOOL WINAPI MoveFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName) {
    char *from = w32_utf8_from_utf16(lpExistingFileName), *to = w32_utf8_from_utf16(lpNewFileName);
    BOOL ok = move(from, to, 0);
    DWORD error = GetLastError();
    free(from);
    free(to);
    SetLastError(error);
    return ok;
}

static BOOL copy(const char *from_name, const char *to_name, BOOL fail_if_exists) {
    if (from_name == NULL || to_name == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    char *from = w32_linux_path(from_name), *to = w32_linux_path(to_name);
    int source = -1, target = -1;
    BOOL ok = FALSE;
    struct stat status;
    if (from == NULL || to == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    } else if ((source = open(from, O_RDONLY | O_CLOEXEC)) < 0 || fstat(source, &status) != 0) {
        fail(errno, from);
    } else if (S_ISDIR(status.st_mode)) {
        SetLastError(ERROR_ACCESS_DENIED);
    } else if ((target = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (fail_if_exists ? O_EXCL : 0),
                              status.st_mode & 0777)) < 0) {
        fail(errno, to);
    } else {
        char buffer[65536];
        ok = TRUE;
        for (;;) {
            ssize_t count = read(source, buffer, sizeof buffer);
            if (count < 0 && errno == EINTR) continue;
            if (count <= 0) { if (count < 0) ok = fail(errno, from); break; }
            for (ssize_t done = 0; done < count;) {
                ssize_t written = write(target, buffer + done, (size_t)(count - done));
                if (written < 0 && errno == EINTR) continue;
                if (written <= 0) { ok = fail(written < 0 ? errno : ENOSPC, to); break; }
                done += written;
            }
            if (!ok) break;
        }
    }
    if (source >= 0) close(source);
    if (target >= 0 && close(target) != 0 && ok) ok = fail(errno, to);
    free(from);
    free(to);
    return ok;
}

ISAPI_EXPORT BOOL WINAPI CopyFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, BOOL bFailIfExists) {
    return copy(lpExistingFileName, lpNewFileName, bFailIfExists);
}

ISAPI_EXPORT BOOL WINAPI CopyFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, BOOL bFailIfExists) {
    char *from = w32_utf8_from_utf16(lpExistingFileName), *to = w32_utf8_from_utf16(lpNewFileName);
    BOOL ok = copy(from, to, bFailIfExists);
    DWORD error = GetLastError();
    free(from);
    free(to);
    SetLastError(error);
    return ok;
}

/* The buffer rule of GetTempPath and GetCurrentDirectory: the length on success, the size needed
 * with the NUL when the buffer is too small. */
static DWORD answer(const char *text, DWORD nBufferLength, LPSTR lpBuffer) {
    size_t length = strlen(text);
    if (lpBuffer == NULL || length + 1 > nBufferLength) return (DWORD)length + 1;
    memcpy(lpBuffer, text, length + 1);
    return (DWORD)length;
}

/* $TMPDIR, else /tmp, always ending in '/'. */
ISAPI_EXPORT DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer) {
    const char *directory = getenv("TMPDIR");
    if (directory == NULL || *directory == 0) directory = "/tmp";
    char path[4096];
    size_t length = strlen(directory);
    snprintf(path, sizeof path, "%s%s", directory, length > 0 && directory[length - 1] == '/' ? "" : "/");
    return answer(path, nBufferLength, lpBuffer);
}

ISAPI_EXPORT DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer) {
    char path[4096];
    if (getcwd(path, sizeof path) == NULL) { SetLastError(w32_error_from_errno(errno, NULL)); return 0; }
    return answer(path, nBufferLength, lpBuffer);
}

/* "<path>/<first 3 of prefix><hex>.tmp"; uUnique 0: a fresh number and the file created empty. */
ISAPI_EXPORT UINT WINAPI GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString, UINT uUnique, LPSTR lpTempFileName) {
    if (lpPathName == NULL || lpTempFileName == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return 0; }
    char *directory = w32_linux_path(lpPathName);
    if (directory == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    size_t length = strlen(directory);
    while (length > 1 && directory[length - 1] == '/') directory[--length] = 0;
    struct stat status;
    if (stat(directory, &status) != 0 || !S_ISDIR(status.st_mode)) {
        free(directory);
        SetLastError(ERROR_DIRECTORY);
        return 0;
    }
    const char *prefix = lpPrefixString ? lpPrefixString : "";
    unsigned number = uUnique ? (uUnique & 0xFFFF) : (unsigned)((getpid() ^ (uintptr_t)&status) & 0xFFFF);
    for (unsigned attempt = 0; attempt < 0x10000; attempt++) {
        if (number == 0) number = 1;
        char path[4096];
        snprintf(path, sizeof path, "%s/%.3s%X.tmp", directory, prefix, number);
        if (strlen(path) >= MAX_PATH) { free(directory); SetLastError(ERROR_BUFFER_OVERFLOW); return 0; }
        if (uUnique != 0) {
            strcpy(lpTempFileName, path);
            free(directory);
            return uUnique;
        }
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            close(fd);
            strcpy(lpTempFileName, path);
            free(directory);
            return number;
        }
        if (errno != EEXIST) { free(directory); fail(errno, path); return 0; }
        number = (number + 1) & 0xFFFF;
    }
    free(directory);
    SetLastError(ERROR_FILE_EXISTS);
    return 0;
}
