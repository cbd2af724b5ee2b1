/*
 * The host's kernel-object table behind every HANDLE the Win32 layer gives out (private to
 * ISAPIRuntime). A HANDLE is (slot + 1) * 4: small, never NULL, never INVALID_HANDLE_VALUE, and
 * checked against the table before use, so a stale or forged value is ERROR_INVALID_HANDLE.
 *
 * One lock guards the table and the state of every synchronisation object; one condition variable
 * (CLOCK_MONOTONIC) is broadcast on every change a waiter might be waiting for. Legacy code waits
 * rarely and on few objects: simplicity wins over throughput here.
 */
#ifndef ISAPI_BRIDGE_WIN32_OBJECTS_H
#define ISAPI_BRIDGE_WIN32_OBJECTS_H

#define ISAPI_EXPORT __attribute__((visibility("default")))

#include <pthread.h>
#include <sys/types.h>
#include <windows.h>

typedef enum w32_kind {
    w32_kind_any = 0,
    w32_kind_mutex,
    w32_kind_event,
    w32_kind_semaphore,
    w32_kind_thread,
    w32_kind_file,
    w32_kind_find,
    w32_kind_registry_key,
} w32_kind;

typedef struct w32_object w32_object;
struct w32_object {
    w32_kind kind;
    int references;      /* handles + operations in progress (a wait, a read) */
    int handles;         /* open handles; a name is visible while this is > 0 */
    char *name;          /* NULL or the name of a named object */
    void (*destroy)(w32_object *object); /* frees the object; called without the lock */
};

/* The lock and the condition every waiter sleeps on. */
void w32_lock(void);
void w32_unlock(void);
void w32_broadcast(void);
/* Waits for a broadcast (lock held); deadline_ns 0: no deadline. Returns 0 at the deadline. */
int w32_wait(uint64_t deadline_ns);

/* Adds a handle for `object` (one more reference and handle); NULL with ERROR_NOT_ENOUGH_MEMORY
 * when the table cannot grow. Lock not held. */
HANDLE w32_handle_insert(w32_object *object);
HANDLE w32_handle_insert_locked(w32_object *object);
/* The object behind `handle` with one more reference, or NULL with ERROR_INVALID_HANDLE (also when
 * it is of another kind than `kind`, unless `kind` is w32_kind_any). */
w32_object *w32_handle_take(HANDLE handle, w32_kind kind);
w32_object *w32_handle_take_locked(HANDLE handle, w32_kind kind);
/* Drops one reference; the last one destroys the object. */
void w32_release(w32_object *object);
/* The live named object called `name`, or NULL (lock held). */
w32_object *w32_find_named_locked(const char *name);
/* Calls `visit` on every object in the table (lock held). */
void w32_for_each_locked(void (*visit)(w32_object *object, void *context), void *context);

/* The calling thread's Linux id. */
pid_t w32_thread_id(void);
/* Marks the mutexes owned by thread `tid` abandoned and wakes their waiters (lock held). */
void w32_abandon_mutexes_locked(pid_t tid);

/* UTF-16 <-> UTF-8, malloc'ed and terminated; NULL in gives NULL out. */
char *w32_utf8_from_utf16(const WCHAR *text);
/* Writes the UTF-16 form of `text` into `out` (capacity `units`, NULL: measure) and returns the
 * number of code units it needs, terminator included. */
size_t w32_utf16_from_utf8(const char *text, WCHAR *out, size_t units);
/* A path as Windows code writes it, made into a Linux path (malloc'ed): '\' -> '/', no "\\?\". */
char *w32_linux_path(const char *path);
/* The Win32 error for an errno value from a call on `path` (ENOENT: file or path not found). */
DWORD w32_error_from_errno(int error, const char *path);

#endif /* ISAPI_BRIDGE_WIN32_OBJECTS_H */
