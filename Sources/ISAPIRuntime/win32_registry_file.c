/*
 * The .reg format regedit exports ("Windows Registry Editor Version 5.00" or "REGEDIT4"):
 *   [HKEY_LOCAL_MACHINE\SOFTWARE\Contoso]      a key ([-...] deletes: skipped)
 *   "Name"="text"                                REG_SZ (\\ and \" escaped)
 *   @="text"                                     the default value
 *   "Count"=dword:0000002a                       REG_DWORD
 *   "Data"=hex:01,02,ff                          REG_BINARY
 *   "Path"=hex(2):25,00,...                      REG_EXPAND_SZ (UTF-16LE in 5.00, bytes in REGEDIT4)
 *   "List"=hex(7):...                            REG_MULTI_SZ; hex(b): REG_QWORD; hex(N): type N
 * Lines ending in '\' continue on the next line; ';' starts a comment line. Two spellings easier
 * to write by hand are accepted too: expand:"%TEMP%\x" (REG_EXPAND_SZ) and multi:"a","b"
 * (REG_MULTI_SZ), and qword:<hex>.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "win32_objects.h"
#include "win32_registry_file.h"

static const struct { const char *full; const char *brief; } roots[] = {
    { "HKEY_CLASSES_ROOT", "HKCR" },   { "HKEY_CURRENT_USER", "HKCU" }, { "HKEY_LOCAL_MACHINE", "HKLM" },
    { "HKEY_USERS", "HKU" },           { "HKEY_CURRENT_CONFIG", "HKCC" }, { "HKEY_PERFORMANCE_DATA", NULL },
};

const char *reg_root_name(const char *path, const char **rest) {
    for (size_t index = 0; index < sizeof roots / sizeof roots[0]; index++) {
        const char *names[2] = { roots[index].full, roots[index].brief };
        for (int which = 0; which < 2; which++) {
            if (names[which] == NULL) continue;
            size_t length = strlen(names[which]);
            if (strncasecmp(path, names[which], length) == 0 && (path[length] == 0 || path[length] == '\\')) {
                *rest = path + length;
                return roots[index].full;
            }
        }
    }
    return NULL;
}

typedef struct parser {
    reg_file *file;
    reg_key *key;      /* NULL: values are skipped (no key yet, or a deleted key) */
    int unicode_hex;   /* hex(2)/hex(7) hold UTF-16LE (5.00) rather than bytes (REGEDIT4) */
    const char *origin;
    FILE *complaints;
    int line;
} parser;

static void complain(parser *state, const char *what, const char *text) {
    if (state->complaints == NULL) return;
    fprintf(state->complaints, "isapi-bridge registry: %s:%d: %s: %.80s (line skipped)\n", state->origin, state->line, what, text);
}

static reg_key *find_key(reg_file *file, const char *path) {
    for (size_t index = 0; index < file->count; index++) {
        if (strcasecmp(file->keys[index].path, path) == 0) return &file->keys[index];
    }
    return NULL;
}

/* "[HKLM\\a\\\\b\\]" -> "HKEY_LOCAL_MACHINE\\a\\b"; NULL for an unknown root. */
static char *canonical_key(const char *text, size_t length) {
    char *raw = strndup(text, length);
    if (raw == NULL) return NULL;
    const char *rest;
    const char *root = reg_root_name(raw, &rest);
    if (root == NULL) { free(raw); return NULL; }
    char *out = malloc(strlen(root) + strlen(rest) + 2);
    if (out == NULL) { free(raw); return NULL; }
    strcpy(out, root);
    size_t at = strlen(out);
    for (const char *cursor = rest; *cursor; cursor++) {
        if (*cursor == '\\' && (at > 0 && out[at - 1] == '\\')) continue;
        out[at++] = *cursor;
    }
    while (at > 0 && out[at - 1] == '\\') at--;
    out[at] = 0;
    free(raw);
    return out;
}

static void section(parser *state, const char *line) {
    const char *end = strrchr(line, ']');
    state->key = NULL;
    if (end == NULL) { complain(state, "a key without ']'", line); return; }
    if (line[1] == '-') return;
    char *path = canonical_key(line + 1, (size_t)(end - line - 1));
    if (path == NULL) { complain(state, "not under HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER...", line); return; }
    reg_key *key = find_key(state->file, path);
    if (key == NULL) {
        reg_key *grown = realloc(state->file->keys, (state->file->count + 1) * sizeof *grown);
        if (grown == NULL) { free(path); return; }
        state->file->keys = grown;
        key = &grown[state->file->count++];
        memset(key, 0, sizeof *key);
        key->path = path;
    } else {
        free(path);
    }
    state->key = key;
}

/* A quoted string at *cursor ("..." with \\ and \"); malloc'ed, cursor moved past it. */
static char *quoted(const char **cursor) {
    const char *p = *cursor;
    if (*p != '"') return NULL;
    p++;
    char *out = malloc(strlen(p) + 1);
    if (out == NULL) return NULL;
    size_t at = 0;
    while (*p && *p != '"') {
        if (*p == '\\' && (p[1] == '\\' || p[1] == '"')) p++;
        out[at++] = *p++;
    }
    if (*p != '"') { free(out); return NULL; }
    out[at] = 0;
    *cursor = p + 1;
    return out;
}

/* "01,02,ff" -> bytes; 0 on a malformed list. */
static int hex_bytes(const char *text, unsigned char **bytes, size_t *size) {
    *bytes = malloc(strlen(text) / 2 + 1);
    *size = 0;
    if (*bytes == NULL) return 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        if (*p == 0) break;
        if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1])) { free(*bytes); return 0; }
        char pair[3] = { p[0], p[1], 0 };
        (*bytes)[(*size)++] = (unsigned char)strtoul(pair, NULL, 16);
        p += 2;
    }
    return 1;
}

/* UTF-16LE bytes holding NUL-separated strings -> the same strings in UTF-8, each terminated. */
static void utf16_strings(unsigned char **bytes, size_t *size) {
    size_t units = *size / 2;
    WCHAR *wide = calloc(units + 1, sizeof *wide);
    unsigned char *out = malloc(units * 3 + 2);
    if (wide == NULL || out == NULL) { free(wide); free(out); return; }
    for (size_t index = 0; index < units; index++) wide[index] = (WCHAR)((*bytes)[2 * index] | ((*bytes)[2 * index + 1] << 8));
    size_t at = 0, start = 0;
    while (start < units) {
        char *segment = w32_utf8_from_utf16(wide + start);
        if (segment == NULL) break;
        size_t length = strlen(segment);
        memcpy(out + at, segment, length + 1);
        at += length + 1;
        free(segment);
        while (start < units && wide[start]) start++;
        start++;
    }
    free(wide);
    free(*bytes);
    *bytes = out;
    *size = at;
}

/* Ensures a string value ends with its terminator (REG_MULTI_SZ: with the extra one). */
static void terminate(reg_value *value) {
    size_t needed = value->type == REG_MULTI_SZ ? 2 : 1;
    size_t trailing = 0;
    while (trailing < needed && trailing < value->size && value->data[value->size - 1 - trailing] == 0) trailing++;
    if (trailing == needed) return;
    unsigned char *grown = realloc(value->data, value->size + needed - trailing);
    if (grown == NULL) return;
    memset(grown + value->size, 0, needed - trailing);
    value->data = grown;
    value->size += needed - trailing;
}

static int is_string_type(DWORD type) { return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ; }

static int value_data(parser *state, const char *p, reg_value *value) {
    if (*p == '"') {
        char *text = quoted(&p);
        if (text == NULL) return 0;
        value->type = REG_SZ;
        value->data = (unsigned char *)text;
        value->size = strlen(text) + 1;
        return 1;
    }
    if (strncasecmp(p, "expand:", 7) == 0) {
        p += 7;
        char *text = quoted(&p);
        if (text == NULL) return 0;
        value->type = REG_EXPAND_SZ;
        value->data = (unsigned char *)text;
        value->size = strlen(text) + 1;
        return 1;
    }
    if (strncasecmp(p, "multi:", 6) == 0) {
        p += 6;
        size_t capacity = strlen(p) + 2, at = 0;
        unsigned char *out = malloc(capacity);
        if (out == NULL) return 0;
        while (*p == '"') {
            char *text = quoted(&p);
            if (text == NULL) { free(out); return 0; }
            memcpy(out + at, text, strlen(text) + 1);
            at += strlen(text) + 1;
            free(text);
            while (*p == ',' || *p == ' ') p++;
        }
        if (*p) { free(out); return 0; }
        out[at++] = 0;
        value->type = REG_MULTI_SZ;
        value->data = out;
        value->size = at;
        return 1;
    }
    if (strncasecmp(p, "dword:", 6) == 0 || strncasecmp(p, "qword:", 6) == 0) {
        int wide = tolower((unsigned char)p[0]) == 'q';
        char *end;
        unsigned long long number = strtoull(p + 6, &end, 16);
        if (end == p + 6 || *end || (!wide && number > 0xFFFFFFFFull)) return 0;
        value->type = wide ? REG_QWORD : REG_DWORD;
        value->size = wide ? 8 : 4;
        value->data = malloc(value->size);
        if (value->data == NULL) return 0;
        for (size_t index = 0; index < value->size; index++) value->data[index] = (unsigned char)(number >> (8 * index));
        return 1;
    }
    if (strncasecmp(p, "hex", 3) == 0) {
        p += 3;
        DWORD type = REG_BINARY;
        if (*p == '(') {
            char *end;
            type = (DWORD)strtoul(p + 1, &end, 16);
            if (end == p + 1 || *end != ')') return 0;
            p = end + 1;
        }
        if (*p++ != ':') return 0;
        if (!hex_bytes(p, &value->data, &value->size)) return 0;
        value->type = type;
        if (is_string_type(type) && state->unicode_hex) utf16_strings(&value->data, &value->size);
        if (is_string_type(type)) terminate(value);
        return 1;
    }
    return 0;
}

static void value_line(parser *state, const char *line) {
    if (state->key == NULL) return;
    const char *p = line;
    char *name;
    if (*p == '@') { name = strdup(""); p++; }
    else name = quoted(&p);
    if (name == NULL) { complain(state, "cannot read the value name", line); return; }
    while (*p == ' ' || *p == '\t') p++;
    if (*p++ != '=') { complain(state, "no '=' after the value name", line); free(name); return; }
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '-') { free(name); return; } /* a deleted value */
    reg_value value = { name, REG_NONE, NULL, 0 };
    if (!value_data(state, p, &value)) {
        complain(state, "cannot read the data (expected \"text\", dword:, hex:, hex(N):, expand:, multi:)", line);
        free(name);
        free(value.data);
        return;
    }
    reg_key *key = state->key;
    for (size_t index = 0; index < key->count; index++) {
        if (strcasecmp(key->values[index].name, name) == 0) { /* the later line wins, as on import */
            free(key->values[index].name);
            free(key->values[index].data);
            key->values[index] = value;
            return;
        }
    }
    reg_value *grown = realloc(key->values, (key->count + 1) * sizeof *grown);
    if (grown == NULL) { free(name); free(value.data); return; }
    key->values = grown;
    key->values[key->count++] = value;
}

static char *utf8_text(const unsigned char *text, size_t length) {
    if (length >= 2 && text[0] == 0xFF && text[1] == 0xFE) {
        size_t units = (length - 2) / 2;
        WCHAR *wide = calloc(units + 1, sizeof *wide);
        if (wide == NULL) return NULL;
        for (size_t index = 0; index < units; index++) wide[index] = (WCHAR)(text[2 + 2 * index] | (text[3 + 2 * index] << 8));
        char *out = w32_utf8_from_utf16(wide);
        free(wide);
        return out;
    }
    if (length >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) { text += 3; length -= 3; }
    return strndup((const char *)text, length);
}

void reg_file_parse(const unsigned char *bytes, size_t length, const char *origin, FILE *complaints, reg_file *out) {
    memset(out, 0, sizeof *out);
    char *text = utf8_text(bytes, length);
    if (text == NULL) return;
    parser state = { out, NULL, 1, origin, complaints, 0 };
    char *logical = malloc(strlen(text) + 1);
    if (logical == NULL) { free(text); return; }
    char *cursor = text;
    while (*cursor) {
        size_t at = 0;
        int first = ++state.line;
        for (;;) { /* one logical line: physical lines joined after a trailing backslash */
            char *end = cursor + strcspn(cursor, "\n");
            char *stop = end;
            while (stop > cursor && (stop[-1] == '\r' || stop[-1] == ' ' || stop[-1] == '\t')) stop--;
            char *start = cursor;
            if (at > 0) while (start < stop && (*start == ' ' || *start == '\t')) start++;
            int continues = stop > start && stop[-1] == '\\' && (at > 0 || *start != '"' || strstr(start, "=hex") != NULL);
            size_t piece = (size_t)(stop - start) - (continues ? 1 : 0);
            memcpy(logical + at, start, piece);
            at += piece;
            cursor = *end ? end + 1 : end;
            if (!continues || *cursor == 0) break;
            state.line++;
        }
        logical[at] = 0;
        int current = state.line;
        state.line = first;
        char *line = logical;
        while (*line == ' ' || *line == '\t') line++;
        if (*line == 0 || *line == ';') { state.line = current; continue; }
        if (strcmp(line, "REGEDIT4") == 0) state.unicode_hex = 0;
        else if (strncmp(line, "Windows Registry Editor", 23) == 0) state.unicode_hex = 1;
        else if (*line == '[') section(&state, line);
        else if (*line == '"' || *line == '@') value_line(&state, line);
        else complain(&state, "not a key, a value or a comment", line);
        state.line = current;
    }
    free(logical);
    free(text);
}

void reg_file_free(reg_file *file) {
    for (size_t index = 0; index < file->count; index++) {
        reg_key *key = &file->keys[index];
        for (size_t value = 0; value < key->count; value++) {
            free(key->values[value].name);
            free(key->values[value].data);
        }
        free(key->values);
        free(key->path);
    }
    free(file->keys);
    memset(file, 0, sizeof *file);
}

const reg_key *reg_file_key(const reg_file *file, const char *path) {
    for (size_t index = 0; index < file->count; index++) {
        if (strcasecmp(file->keys[index].path, path) == 0) return &file->keys[index];
    }
    return NULL;
}

int reg_file_has_key(const reg_file *file, const char *path) {
    if (strchr(path, '\\') == NULL) return 1; /* a root */
    size_t length = strlen(path);
    for (size_t index = 0; index < file->count; index++) {
        const char *candidate = file->keys[index].path;
        if (strncasecmp(candidate, path, length) == 0 && (candidate[length] == 0 || candidate[length] == '\\')) return 1;
    }
    return 0;
}

const reg_value *reg_key_value(const reg_key *key, const char *name) {
    if (key == NULL) return NULL;
    if (name == NULL) name = "";
    for (size_t index = 0; index < key->count; index++) {
        if (strcasecmp(key->values[index].name, name) == 0) return &key->values[index];
    }
    return NULL;
}
