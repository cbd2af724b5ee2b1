/*
 * The harness of the Win32 layer checks: each fixture is a shared object with named checks, one
 * per Win32 function (or small family), run one by one from Win32LayerTests. A check returns 1, or
 * 0 with the failed expectation (file, line, expression, last error) in `report`.
 */
#ifndef WIN32_CHECK_H
#define WIN32_CHECK_H
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef int (*win32_check_function)(const char *scratch, char *report, size_t report_size);
typedef struct win32_check_entry {
    const char *name;
    win32_check_function run;
} win32_check_entry;

#define CHECK(function) static int function(const char *scratch, char *report, size_t report_size)
#define USES_SCRATCH (void)scratch
#define EXPECT(condition)                                                                              \
    do {                                                                                               \
        if (!(condition)) {                                                                            \
            snprintf(report, report_size, "%s:%d: expected %s (last error %u)", __FILE__, __LINE__, #condition, \
                     (unsigned)GetLastError());                                                        \
            return 0;                                                                                  \
        }                                                                                              \
    } while (0)

/* `<scratch>/<name>` into `out`. */
static inline const char *scratch_path(char *out, size_t out_size, const char *scratch, const char *name) {
    snprintf(out, out_size, "%s/%s", scratch, name);
    return out;
}

/* The exports Win32LayerTests calls: the check names ("a\nb\n..."), and one check by name. */
#ifdef __cplusplus
#define WIN32_CHECK_LINKAGE extern "C"
#else
#define WIN32_CHECK_LINKAGE
#endif
#define WIN32_CHECKS_EXPORT(table)                                                                     \
    WIN32_CHECK_LINKAGE __attribute__((visibility("default"))) const char *win32_check_names(void) {   \
        static char names[4096];                                                                       \
        names[0] = 0;                                                                                  \
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {                                  \
            strncat(names, table[i].name, sizeof names - strlen(names) - 2);                           \
            strcat(names, "\n");                                                                       \
        }                                                                                              \
        return names;                                                                                  \
    }                                                                                                  \
    WIN32_CHECK_LINKAGE __attribute__((visibility("default"))) int win32_check_run(const char *name,   \
                                                                                   const char *scratch, \
                                                               char *report, size_t report_size) {            \
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {                                  \
            if (strcmp(table[i].name, name) == 0) { report[0] = 0; return table[i].run(scratch, report, report_size); } \
        }                                                                                              \
        snprintf(report, report_size, "no check named %s", name);                                             \
        return 0;                                                                                      \
    }

#endif
