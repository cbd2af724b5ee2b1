/*
 * A registry export (.reg) read into keys and values: the source of the read-only registry
 * (win32_registry.c). Private to ISAPIRuntime.
 */
#ifndef ISAPI_BRIDGE_WIN32_REGISTRY_FILE_H
#define ISAPI_BRIDGE_WIN32_REGISTRY_FILE_H

#include <stdio.h>
#include <windows.h>

/* String types hold UTF-8, every string terminated (REG_MULTI_SZ: "a\0b\0\0"); others raw bytes. */
typedef struct reg_value {
    char *name; /* "" for the default value (@) */
    DWORD type;
    unsigned char *data;
    size_t size;
} reg_value;

typedef struct reg_key {
    char *path; /* "HKEY_LOCAL_MACHINE\SOFTWARE\Contoso": full root names, single backslashes */
    reg_value *values;
    size_t count;
} reg_key;

typedef struct reg_file {
    reg_key *keys;
    size_t count;
} reg_file;

/* Parses `text` (`length` bytes, UTF-8 or UTF-16LE with its BOM). Lines it cannot read are named
 * on `complaints` (when not NULL) with `origin` and skipped. */
void reg_file_parse(const unsigned char *text, size_t length, const char *origin, FILE *complaints, reg_file *out);
void reg_file_free(reg_file *file);
/* The key at `path` (compared without regard to case), or NULL. */
const reg_key *reg_file_key(const reg_file *file, const char *path);
/* Whether `path` is a key: listed, a parent of a listed key, or a root. */
int reg_file_has_key(const reg_file *file, const char *path);
/* The value `name` of `key` ("" or NULL: the default value), or NULL. */
const reg_value *reg_key_value(const reg_key *key, const char *name);
/* "HKLM" and the other abbreviations as full root names; NULL for an unknown root. Returns the
 * canonical root name and sets *rest to what follows it. */
const char *reg_root_name(const char *path, const char **rest);

#endif
