/*
 * WritePrivateProfileString: sets, replaces or deletes a key, or deletes a section, in an INI file
 * (created when missing), keeping every other line as it was. The new file replaces the old one
 * with rename(2), so a reader never sees half of it. Matching as GetPrivateProfileString: sections
 * and keys without regard to case, the first of duplicates.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "win32_objects.h"

typedef struct lines {
    char **items;
    size_t count;
} lines;

static int append(lines *list, char *line) {
    char **grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (grown == NULL) { free(line); return 0; }
    list->items = grown;
    list->items[list->count++] = line;
    return 1;
}

static int insert(lines *list, size_t at, char *line) {
    if (!append(list, line)) return 0;
    memmove(list->items + at + 1, list->items + at, (list->count - 1 - at) * sizeof *list->items);
    list->items[at] = line;
    return 1;
}

static void remove_at(lines *list, size_t at) {
    free(list->items[at]);
    memmove(list->items + at, list->items + at + 1, (list->count - at - 1) * sizeof *list->items);
    list->count--;
}

/* The section name of a "[name]" line (trimmed, in `out`), or 0. */
static int section_of(const char *line, char *out, size_t size) {
    while (*line == ' ' || *line == '\t') line++;
    if (*line != '[') return 0;
    const char *end = strchr(line, ']');
    if (end == NULL) return 0;
    line++;
    while (line < end && (*line == ' ' || *line == '\t')) line++;
    while (end > line && (end[-1] == ' ' || end[-1] == '\t')) end--;
    snprintf(out, size, "%.*s", (int)(end - line), line);
    return 1;
}

/* Whether a line sets `key`. */
static int sets_key(const char *line, const char *key) {
    while (*line == ' ' || *line == '\t') line++;
    const char *equals = strchr(line, '=');
    if (equals == NULL || *line == ';') return 0;
    const char *end = equals;
    while (end > line && (end[-1] == ' ' || end[-1] == '\t')) end--;
    return (size_t)(end - line) == strlen(key) && strncasecmp(line, key, strlen(key)) == 0;
}

static char *joined(const char *a, const char *b, const char *c) {
    char *out = malloc(strlen(a) + strlen(b) + strlen(c) + 1);
    if (out) { strcpy(out, a); strcat(out, b); strcat(out, c); }
    return out;
}

static BOOL write_profile(const char *section, const char *key, const char *value, const char *file_name) {
    if (section == NULL || file_name == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    char *path = w32_linux_path(file_name);
    if (path == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    lines list = { NULL, 0 };
    FILE *file = fopen(path, "r");
    if (file != NULL) {
        char *line = NULL;
        size_t capacity = 0;
        ssize_t length;
        while ((length = getline(&line, &capacity, file)) >= 0) {
            while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = 0;
            append(&list, strdup(line));
        }
        free(line);
        fclose(file);
    } else if (errno != ENOENT || key == NULL || value == NULL) {
        /* Nothing to delete from a missing file. */
        int missing = errno == ENOENT;
        free(path);
        if (missing) return TRUE;
        SetLastError(w32_error_from_errno(errno, NULL));
        return FALSE;
    }
    /* Find the section: its header line and the line after its last key. */
    size_t header = list.count, end = list.count;
    char name[512];
    for (size_t at = 0; at < list.count; at++) {
        if (!section_of(list.items[at], name, sizeof name)) continue;
        if (header == list.count && strcasecmp(name, section) == 0) { header = at; continue; }
        if (header != list.count) { end = at; break; }
    }
    if (header != list.count) {
        while (end > header + 1 && list.items[end - 1][0] == 0) end--; /* before trailing blank lines */
    }
    if (key == NULL) {
        if (header != list.count) {
            size_t stop = end;
            while (stop < list.count && list.items[stop][0] == 0) stop++;
            while (stop > header) remove_at(&list, --stop);
        }
    } else {
        size_t found = list.count;
        for (size_t at = header + 1; header != list.count && at < end && found == list.count; at++) {
            if (sets_key(list.items[at], key)) found = at;
        }
        if (value == NULL) {
            if (found != list.count) remove_at(&list, found);
        } else {
            char *line = NULL;
            if (found != list.count) {
                /* The line keeps its key as written; only the value changes. */
                char *equals = strchr(list.items[found], '=');
                equals[1] = 0;
                line = joined(list.items[found], "", value);
            } else {
                line = joined(key, "=", value);
            }
            if (line == NULL) { /* out of memory: the file is written unchanged */ }
            else if (found != list.count) { free(list.items[found]); list.items[found] = line; }
            else if (header != list.count) insert(&list, end, line);
            else {
                if (list.count > 0 && list.items[list.count - 1][0] != 0) append(&list, strdup(""));
                append(&list, joined("[", section, "]"));
                append(&list, line);
            }
        }
    }
    char *temporary = joined(path, ".isapi-bridge-", "XXXXXX");
    int fd = temporary ? mkstemp(temporary) : -1;
    BOOL ok = FALSE;
    if (fd >= 0) {
        FILE *out = fdopen(fd, "w");
        for (size_t at = 0; out != NULL && at < list.count; at++) fprintf(out, "%s\n", list.items[at]);
        ok = out != NULL && fflush(out) == 0 && !ferror(out);
        if (out != NULL) fclose(out); else close(fd);
        ok = ok && rename(temporary, path) == 0;
        if (!ok) { SetLastError(w32_error_from_errno(errno, path)); unlink(temporary); }
    } else {
        SetLastError(w32_error_from_errno(errno, path));
    }
    for (size_t at = 0; at < list.count; at++) free(list.items[at]);
    free(list.items);
    free(temporary);
    free(path);
    return ok;
}

ISAPI_EXPORT BOOL WINAPI WritePrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpString,
                                                    LPCSTR lpFileName) {
    return write_profile(lpAppName, lpKeyName, lpString, lpFileName);
}

ISAPI_EXPORT BOOL WINAPI WritePrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpString,
                                                    LPCWSTR lpFileName) {
    char *section = w32_utf8_from_utf16(lpAppName), *key = w32_utf8_from_utf16(lpKeyName);
    char *value = w32_utf8_from_utf16(lpString), *file = w32_utf8_from_utf16(lpFileName);
    BOOL ok = write_profile(section, key, value, file);
    DWORD error = GetLastError();
    free(section); free(key); free(value); free(file);
    SetLastError(error);
    return ok;
}
