/*
 * GetPrivateProfileString/Int: INI files read on every call (isapi_bridge_win32_process.h has the
 * rules). The answer is first built as a list of UTF-8 strings, then copied out with the Windows
 * truncation rules in the caller's character width.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "win32_objects.h"

/* NUL-separated strings. */
typedef struct strings {
    char *text;
    size_t size;
    size_t count;
} strings;

static void add(strings *list, const char *text, size_t length) {
    char *grown = realloc(list->text, list->size + length + 1);
    if (grown == NULL) return;
    memcpy(grown + list->size, text, length);
    grown[list->size + length] = 0;
    list->text = grown;
    list->size += length + 1;
    list->count++;
}

static int contains(const strings *list, const char *text, size_t length) {
    for (size_t at = 0; at < list->size; at += strlen(list->text + at) + 1) {
        if (strlen(list->text + at) == length && strncasecmp(list->text + at, text, length) == 0) return 1;
    }
    return 0;
}

static char *trim(char *text) {
    while (*text == ' ' || *text == '\t') text++;
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t' || text[length - 1] == '\r' || text[length - 1] == '\n')) length--;
    text[length] = 0;
    return text;
}

/* What the file says: the section names (section NULL), the keys of a section (key NULL) or the
 * one value. Returns 0 when the file cannot be read, -1 when the value is not there. */
static int read_ini(const char *file_name, const char *section, const char *key, strings *out) {
    char *path = w32_linux_path(file_name);
    FILE *file = path ? fopen(path, "r") : NULL;
    free(path);
    if (file == NULL) return 0;
    char *line = NULL;
    size_t capacity = 0;
    int in_section = 0, found = -1, seen_section = 0;
    while (getline(&line, &capacity, file) >= 0) {
        char *text = trim(line);
        if (*text == 0 || *text == ';') continue;
        if (*text == '[') {
            char *end = strchr(text, ']');
            if (end == NULL) continue;
            *end = 0;
            char *name = trim(text + 1);
            if (section == NULL) {
                if (!contains(out, name, strlen(name))) add(out, name, strlen(name));
                continue;
            }
            /* The first section of a name is the one read, as on Windows. */
            in_section = !seen_section && strcasecmp(name, section) == 0;
            if (in_section) seen_section = 1;
            continue;
        }
        if (!in_section || section == NULL) continue;
        char *equals = strchr(text, '=');
        if (equals == NULL) continue;
        *equals = 0;
        char *name = trim(text);
        char *value = trim(equals + 1);
        if (key == NULL) {
            if (!contains(out, name, strlen(name))) add(out, name, strlen(name));
            continue;
        }
        if (strcasecmp(name, key) != 0) continue;
        size_t length = strlen(value);
        if (length >= 2 && (value[0] == '"' || value[0] == '\'') && value[length - 1] == value[0]) {
            value++;
            length -= 2;
        }
        add(out, value, length);
        found = 1;
        break;
    }
    free(line);
    fclose(file);
    return section == NULL || key == NULL ? 1 : found;
}

/* The answer of GetPrivateProfileString as UTF-8 strings; *is_list for section or key lists. */
static strings answer(const char *section, const char *key, const char *fallback, const char *file_name, int *is_list) {
    strings result = { NULL, 0, 0 };
    *is_list = section == NULL || key == NULL;
    int outcome = file_name ? read_ini(file_name, section, key, &result) : 0;
    if (outcome == 0) SetLastError(ERROR_FILE_NOT_FOUND);
    else SetLastError(ERROR_SUCCESS);
    if (outcome <= 0 && !*is_list) {
        /* The default, without trailing blanks (the documentation). */
        const char *text = fallback ? fallback : "";
        size_t length = strlen(text);
        while (length > 0 && text[length - 1] == ' ') length--;
        add(&result, text, length);
    }
    return result;
}

ISAPI_EXPORT DWORD WINAPI GetPrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpDefault,
                                                   LPSTR lpReturnedString, DWORD nSize, LPCSTR lpFileName) {
    if (lpReturnedString == NULL || nSize == 0) return 0;
    int is_list;
    DWORD error;
    strings result = answer(lpAppName, lpKeyName, lpDefault, lpFileName, &is_list);
    error = GetLastError();
    DWORD returned;
    if (!is_list) {
        const char *text = result.text ? result.text : "";
        size_t length = strlen(text);
        if (length > nSize - 1) length = nSize - 1;
        memcpy(lpReturnedString, text, length);
        lpReturnedString[length] = 0;
        returned = (DWORD)length;
    } else if (result.size + 1 <= nSize) {
        if (result.size) memcpy(lpReturnedString, result.text, result.size);
        lpReturnedString[result.size] = 0;
        returned = (DWORD)result.size; /* every string's NUL, not the list's final one */
        if (result.size == 0 && nSize >= 2) lpReturnedString[1] = 0;
    } else {
        /* The last string that fits is cut and followed by two NULs: nSize - 2. */
        if (nSize >= 2) memcpy(lpReturnedString, result.text, nSize - 2);
        lpReturnedString[nSize - 1] = 0;
        if (nSize >= 2) lpReturnedString[nSize - 2] = 0;
        returned = nSize >= 2 ? nSize - 2 : 0;
        error = ERROR_MORE_DATA;
    }
    free(result.text);
    SetLastError(error);
    return returned;
}

ISAPI_EXPORT DWORD WINAPI GetPrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpDefault,
                                                   LPWSTR lpReturnedString, DWORD nSize, LPCWSTR lpFileName) {
    if (lpReturnedString == NULL || nSize == 0) return 0;
    char *section = w32_utf8_from_utf16(lpAppName), *key = w32_utf8_from_utf16(lpKeyName);
    char *fallback = w32_utf8_from_utf16(lpDefault), *file = w32_utf8_from_utf16(lpFileName);
    int is_list;
    strings result = answer(section, key, fallback, file, &is_list);
    DWORD error = GetLastError();
    free(section); free(key); free(fallback); free(file);
    /* The whole answer in UTF-16, then the same truncation rules in WCHARs. */
    size_t units = 0;
    for (size_t at = 0; at < result.size; at += strlen(result.text + at) + 1) units += w32_utf16_from_utf8(result.text + at, NULL, 0);
    WCHAR *wide = calloc(units + 1, sizeof *wide);
    size_t filled = 0;
    for (size_t at = 0; wide && at < result.size; at += strlen(result.text + at) + 1) {
        filled += w32_utf16_from_utf8(result.text + at, wide + filled, units - filled);
    }
    free(result.text);
    if (wide == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    DWORD returned;
    if (!is_list) {
        size_t length = units ? units - 1 : 0;
        if (length > nSize - 1) length = nSize - 1;
        memcpy(lpReturnedString, wide, length * sizeof *wide);
        lpReturnedString[length] = 0;
        returned = (DWORD)length;
    } else if (units + 1 <= nSize) {
        memcpy(lpReturnedString, wide, units * sizeof *wide);
        lpReturnedString[units] = 0;
        returned = (DWORD)units;
        if (units == 0 && nSize >= 2) lpReturnedString[1] = 0;
    } else {
        if (nSize >= 2) memcpy(lpReturnedString, wide, (nSize - 2) * sizeof *wide);
        lpReturnedString[nSize - 1] = 0;
        if (nSize >= 2) lpReturnedString[nSize - 2] = 0;
        returned = nSize >= 2 ? nSize - 2 : 0;
        error = ERROR_MORE_DATA;
    }
    free(wide);
    SetLastError(error);
    return returned;
}

static UINT integer_of(const char *section, const char *key, INT fallback, const char *file_name) {
    if (section == NULL || key == NULL) return (UINT)fallback;
    strings result = { NULL, 0, 0 };
    int outcome = file_name ? read_ini(file_name, section, key, &result) : 0;
    if (outcome <= 0) { free(result.text); return (UINT)fallback; }
    const char *text = result.text;
    while (*text == ' ') text++;
    UINT value = 0;
    if (*text != '-') {
        while (isdigit((unsigned char)*text)) value = value * 10 + (UINT)(*text++ - '0');
    }
    free(result.text);
    return value;
}

ISAPI_EXPORT UINT WINAPI GetPrivateProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName, INT nDefault, LPCSTR lpFileName) {
    return integer_of(lpAppName, lpKeyName, nDefault, lpFileName);
}

ISAPI_EXPORT UINT WINAPI GetPrivateProfileIntW(LPCWSTR lpAppName, LPCWSTR lpKeyName, INT nDefault, LPCWSTR lpFileName) {
    char *section = w32_utf8_from_utf16(lpAppName), *key = w32_utf8_from_utf16(lpKeyName);
    char *file = w32_utf8_from_utf16(lpFileName);
    UINT value = integer_of(section, key, nDefault, file);
    free(section); free(key); free(file);
    return value;
}
