/*
 * UTF-8/UTF-16 conversion, Windows paths made Linux paths, errno to Win32 errors: what the W
 * functions and the file functions of the Win32 layer share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "win32_objects.h"

char *w32_utf8_from_utf16(const WCHAR *text) {
    if (text == NULL) return NULL;
    size_t units = 0;
    while (text[units]) units++;
    char *out = malloc(units * 3 + 1);
    if (out == NULL) return NULL;
    size_t at = 0;
    for (size_t index = 0; index < units; index++) {
        uint32_t code = text[index];
        if (code >= 0xD800 && code < 0xDC00 && index + 1 < units && text[index + 1] >= 0xDC00 && text[index + 1] < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (uint32_t)(text[++index] - 0xDC00);
        } else if (code >= 0xD800 && code < 0xE000) {
            code = 0xFFFD;
        }
        if (code < 0x80) {
            out[at++] = (char)code;
        } else if (code < 0x800) {
            out[at++] = (char)(0xC0 | (code >> 6));
            out[at++] = (char)(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out[at++] = (char)(0xE0 | (code >> 12));
            out[at++] = (char)(0x80 | ((code >> 6) & 0x3F));
            out[at++] = (char)(0x80 | (code & 0x3F));
        } else {
            out[at++] = (char)(0xF0 | (code >> 18));
            out[at++] = (char)(0x80 | ((code >> 12) & 0x3F));
            out[at++] = (char)(0x80 | ((code >> 6) & 0x3F));
            out[at++] = (char)(0x80 | (code & 0x3F));
        }
    }
    out[at] = 0;
    return out;
}

/* One code point from UTF-8 (invalid bytes: U+FFFD, one byte consumed). */
static uint32_t next_code_point(const unsigned char **cursor) {
    const unsigned char *p = *cursor;
    uint32_t code = p[0];
    int extra = code >= 0xF0 && code < 0xF5 ? 3 : code >= 0xE0 ? 2 : code >= 0xC2 && code < 0xE0 ? 1 : 0;
    if (code >= 0x80 && extra == 0) { *cursor = p + 1; return 0xFFFD; }
    if (extra) code &= 0x3F >> extra;
    for (int index = 1; index <= extra; index++) {
        if ((p[index] & 0xC0) != 0x80) { *cursor = p + 1; return 0xFFFD; }
        code = (code << 6) | (p[index] & 0x3F);
    }
    *cursor = p + 1 + extra;
    return code;
}

size_t w32_utf16_from_utf8(const char *text, WCHAR *out, size_t units) {
    size_t at = 0;
    const unsigned char *cursor = (const unsigned char *)text;
    while (*cursor) {
        uint32_t code = next_code_point(&cursor);
        if (code >= 0x10000) {
            if (out && at + 1 < units) {
                out[at] = (WCHAR)(0xD800 + ((code - 0x10000) >> 10));
                out[at + 1] = (WCHAR)(0xDC00 + ((code - 0x10000) & 0x3FF));
            }
            at += 2;
        } else {
            if (out && at < units) out[at] = (WCHAR)code;
            at++;
        }
    }
    if (out && at < units) out[at] = 0;
    return at + 1;
}

char *w32_linux_path(const char *path) {
    if (path == NULL) return NULL;
    if (strncmp(path, "\\\\?\\", 4) == 0) path += 4;
    char *copy = strdup(path);
    if (copy == NULL) return NULL;
    for (char *cursor = copy; *cursor; cursor++) {
        if (*cursor == '\\') *cursor = '/';
    }
    return copy;
}

/* ENOENT is ERROR_PATH_NOT_FOUND when the directory that should hold the file is missing. */
static DWORD not_found(const char *path) {
    if (path == NULL) return ERROR_FILE_NOT_FOUND;
    const char *slash = strrchr(path, '/');
    if (slash == NULL || slash == path) return ERROR_FILE_NOT_FOUND;
    char *directory = strndup(path, (size_t)(slash - path));
    struct stat status;
    int exists = directory != NULL && stat(directory, &status) == 0 && S_ISDIR(status.st_mode);
    free(directory);
    return exists ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
}

DWORD w32_error_from_errno(int error, const char *path) {
    switch (error) {
    case 0: return ERROR_SUCCESS;
    case ENOENT: return not_found(path);
    case ENOTDIR: return ERROR_PATH_NOT_FOUND;
    case EACCES: case EPERM: case EROFS: case EISDIR: case ETXTBSY: return ERROR_ACCESS_DENIED;
    case EEXIST: return ERROR_FILE_EXISTS;
    case ENOTEMPTY: return ERROR_DIR_NOT_EMPTY;
    case EMFILE: case ENFILE: return ERROR_TOO_MANY_OPEN_FILES;
    case ENOSPC: case EDQUOT: return ERROR_DISK_FULL;
    case ENAMETOOLONG: return ERROR_FILENAME_EXCED_RANGE;
    case EINVAL: return ERROR_INVALID_PARAMETER;
    case EBADF: return ERROR_INVALID_HANDLE;
    case ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
    case ELOOP: return ERROR_INVALID_NAME;
    default: return ERROR_GEN_FAILURE;
    }
}
