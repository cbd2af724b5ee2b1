/*
 * Mutexes, events and semaphores, and the waits on them and on threads (win32_threads.c).
 * State changes happen under the table lock and broadcast; waiters re-check on every wake-up.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "win32_objects.h"

typedef struct w32_mutex {
    w32_object base;
    pid_t owner;        /* 0: free */
    unsigned depth;     /* recursive acquisitions by the owner */
    int abandoned;      /* its owner ended holding it; the next acquirer hears WAIT_ABANDONED */
} w32_mutex;

typedef struct w32_event {
    w32_object base;
    int manual_reset;
    int signalled;
} w32_event;

typedef struct w32_semaphore {
    w32_object base;
    LONG count;
    LONG maximum;
} w32_semaphore;

/* Defined in win32_threads.c: whether a thread object has ended. */
int w32_thread_finished_locked(w32_object *thread);

static void destroy_plain(w32_object *object) { free(object); }

/* ---- thread exit: abandon owned mutexes ------------------------------------------------------ */

static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void abandon_one(w32_object *object, void *context) {
    pid_t tid = *(pid_t *)context;
    if (object->kind != w32_kind_mutex) return;
    w32_mutex *mutex = (w32_mutex *)object;
    if (mutex->owner == tid) {
        mutex->owner = 0;
        mutex->depth = 0;
        mutex->abandoned = 1;
    }
}

void w32_abandon_mutexes_locked(pid_t tid) {
    w32_for_each_locked(abandon_one, &tid);
    w32_broadcast();
}

static void thread_exiting(void *value) {
    pid_t tid = (pid_t)(intptr_t)value;
    w32_lock();
    w32_abandon_mutexes_locked(tid);
    w32_unlock();
}

static void make_exit_key(void) { pthread_key_create(&exit_key, thread_exiting); }

/* Any thread that acquires a mutex gets an exit hook, so its death abandons what it holds. */
static void watch_this_thread(void) {
    pthread_once(&exit_key_once, make_exit_key);
    if (pthread_getspecific(exit_key) == NULL) pthread_setspecific(exit_key, (void *)(intptr_t)w32_thread_id());
}

/* ---- naming ----------------------------------------------------------------------------------- */

/* "Global\name" and "Local\name" name the same object as "name": worker processes share nothing. */
static const char *plain_name(const char *name) {
    if (strncmp(name, "Global\\", 7) == 0) return name + 7;
    if (strncmp(name, "Local\\", 6) == 0) return name + 6;
    return name;
}

/* Creates `fresh` under `name`, or hands out the existing object of that name. */
static HANDLE publish(w32_object *fresh, const char *name, int *existed) {
    *existed = 0;
    w32_lock();
    if (name != NULL && *name) {
        w32_object *existing = w32_find_named_locked(plain_name(name));
        if (existing != NULL) {
            HANDLE handle = NULL;
            if (existing->kind != fresh->kind) {
                SetLastError(ERROR_INVALID_HANDLE);
            } else {
                handle = w32_handle_insert_locked(existing);
                *existed = 1;
            }
            w32_unlock();
            free(fresh);
            if (handle != NULL) SetLastError(ERROR_ALREADY_EXISTS);
            return handle;
        }
        fresh->name = strdup(plain_name(name));
    }
    fresh->references = 0;
    HANDLE handle = w32_handle_insert_locked(fresh);
    w32_unlock();
    if (handle == NULL) {
        free(fresh->name);
        free(fresh);
        return NULL;
    }
    SetLastError(ERROR_SUCCESS);
    return handle;
}

static HANDLE open_named(const char *name, w32_kind kind) {
    if (name == NULL || *name == 0) { SetLastError(ERROR_INVALID_PARAMETER); return NULL; }
    w32_lock();
    w32_object *existing = w32_find_named_locked(plain_name(name));
    HANDLE handle = NULL;
    if (existing == NULL) SetLastError(ERROR_FILE_NOT_FOUND);
    else if (existing->kind != kind) SetLastError(ERROR_INVALID_HANDLE);
    else handle = w32_handle_insert_locked(existing);
    w32_unlock();
    return handle;
}

/* The W functions: the name in UTF-8, then the A function. */
#define W32_WITH_NAME(wide, call)                                                                   \
    do {                                                                                            \
        char *narrow = w32_utf8_from_utf16(wide);                                                   \
        if ((wide) != NULL && narrow == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; } \
        HANDLE result = (call);                                                                     \
        DWORD error = GetLastError();                                                               \
        free(narrow);                                                                               \
        SetLastError(error);                                                                        \
        return result;                                                                              \
    } while (0)

/* ---- mutexes ---------------------------------------------------------------------------------- */

ISAPI_EXPORT HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName) {
    (void)lpMutexAttributes;
    w32_mutex *mutex = calloc(1, sizeof *mutex);
    if (mutex == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    mutex->base.kind = w32_kind_mutex;
    mutex->base.destroy = destroy_plain;
    if (bInitialOwner) {
        /* Owned from the start, unless the name already exists (then bInitialOwner is ignored). */
        watch_this_thread();
        mutex->owner = w32_thread_id();
        mutex->depth = 1;
    }
    int existed;
    return publish(&mutex->base, lpName, &existed);
}

ISAPI_EXPORT HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName) {
    W32_WITH_NAME(lpName, CreateMutexA(lpMutexAttributes, bInitialOwner, narrow));
}

ISAPI_EXPORT HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
    (void)dwDesiredAccess; (void)bInheritHandle;
    return open_named(lpName, w32_kind_mutex);
}

ISAPI_EXPORT HANDLE WINAPI OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
    W32_WITH_NAME(lpName, OpenMutexA(dwDesiredAccess, bInheritHandle, narrow));
}

ISAPI_EXPORT BOOL WINAPI ReleaseMutex(HANDLE hMutex) {
    w32_lock();
    w32_mutex *mutex = (w32_mutex *)w32_handle_take_locked(hMutex, w32_kind_mutex);
    if (mutex == NULL) { w32_unlock(); return FALSE; }
    BOOL released = FALSE;
    if (mutex->owner != w32_thread_id() || mutex->depth == 0) {
        SetLastError(ERROR_NOT_OWNER);
    } else {
        if (--mutex->depth == 0) mutex->owner = 0;
        w32_broadcast();
        released = TRUE;
    }
    w32_unlock();
    w32_release(&mutex->base);
    return released;
}

/* ---- events ----------------------------------------------------------------------------------- */

ISAPI_EXPORT HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                        LPCSTR lpName) {
    (void)lpEventAttributes;
    w32_event *event = calloc(1, sizeof *event);
    if (event == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    event->base.kind = w32_kind_event;
    event->base.destroy = destroy_plain;
    event->manual_reset = bManualReset != 0;
    event->signalled = bInitialState != 0;
    int existed;
    return publish(&event->base, lpName, &existed);
}

ISAPI_EXPORT HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                        LPCWSTR lpName) {
    W32_WITH_NAME(lpName, CreateEventA(lpEventAttributes, bManualReset, bInitialState, narrow));
}

ISAPI_EXPORT HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
    (void)dwDesiredAccess; (void)bInheritHandle;
    return open_named(lpName, w32_kind_event);
}

ISAPI_EXPORT HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
    W32_WITH_NAME(lpName, OpenEventA(dwDesiredAccess, bInheritHandle, narrow));
}

static BOOL set_event_state(HANDLE hEvent, int signalled) {
    w32_lock();
    w32_event *event = (w32_event *)w32_handle_take_locked(hEvent, w32_kind_event);
    if (event == NULL) { w32_unlock(); return FALSE; }
    event->signalled = signalled;
    if (signalled) w32_broadcast();
    w32_unlock();
    w32_release(&event->base);
    return TRUE;
}

ISAPI_EXPORT BOOL WINAPI SetEvent(HANDLE hEvent) { return set_event_state(hEvent, 1); }
ISAPI_EXPORT BOOL WINAPI ResetEvent(HANDLE hEvent) { return set_event_state(hEvent, 0); }

/* ---- semaphores ------------------------------------------------------------------------------- */

ISAPI_EXPORT HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                            LONG lMaximumCount, LPCSTR lpName) {
    (void)lpSemaphoreAttributes;
    if (lMaximumCount <= 0 || lInitialCount < 0 || lInitialCount > lMaximumCount) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    w32_semaphore *semaphore = calloc(1, sizeof *semaphore);
    if (semaphore == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    semaphore->base.kind = w32_kind_semaphore;
    semaphore->base.destroy = destroy_plain;
    semaphore->count = lInitialCount;
    semaphore->maximum = lMaximumCount;
    int existed;
    return publish(&semaphore->base, lpName, &existed);
}

ISAPI_EXPORT HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                            LONG lMaximumCount, LPCWSTR lpName) {
    W32_WITH_NAME(lpName, CreateSemaphoreA(lpSemaphoreAttributes, lInitialCount, lMaximumCount, narrow));
}

ISAPI_EXPORT HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
    (void)dwDesiredAccess; (void)bInheritHandle;
    return open_named(lpName, w32_kind_semaphore);
}

ISAPI_EXPORT HANDLE WINAPI OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
    W32_WITH_NAME(lpName, OpenSemaphoreA(dwDesiredAccess, bInheritHandle, narrow));
}

ISAPI_EXPORT BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount) {
    if (lReleaseCount <= 0) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    w32_lock();
    w32_semaphore *semaphore = (w32_semaphore *)w32_handle_take_locked(hSemaphore, w32_kind_semaphore);
    if (semaphore == NULL) { w32_unlock(); return FALSE; }
    BOOL released = FALSE;
    if (lReleaseCount > semaphore->maximum - semaphore->count) {
        SetLastError(ERROR_TOO_MANY_POSTS);
    } else {
        if (lpPreviousCount != NULL) *lpPreviousCount = semaphore->count;
        semaphore->count += lReleaseCount;
        w32_broadcast();
        released = TRUE;
    }
    w32_unlock();
    w32_release(&semaphore->base);
    return released;
}

/* ---- waits ------------------------------------------------------------------------------------ */

static int is_signalled(w32_object *object, pid_t self) {
    switch (object->kind) {
    case w32_kind_mutex: {
        w32_mutex *mutex = (w32_mutex *)object;
        return mutex->owner == 0 || mutex->owner == self;
    }
    case w32_kind_event: return ((w32_event *)object)->signalled;
    case w32_kind_semaphore: return ((w32_semaphore *)object)->count > 0;
    case w32_kind_thread: return w32_thread_finished_locked(object);
    default: return 0;
    }
}

/* Takes what the wait consumes; returns whether that was an abandoned mutex. */
static int acquire(w32_object *object, pid_t self) {
    switch (object->kind) {
    case w32_kind_mutex: {
        w32_mutex *mutex = (w32_mutex *)object;
        int abandoned = mutex->abandoned;
        mutex->abandoned = 0;
        mutex->owner = self;
        mutex->depth++;
        watch_this_thread();
        return abandoned;
    }
    case w32_kind_event: {
        w32_event *event = (w32_event *)object;
        if (!event->manual_reset) event->signalled = 0;
        return 0;
    }
    case w32_kind_semaphore: ((w32_semaphore *)object)->count--; return 0;
    default: return 0;
    }
}

static uint64_t deadline_after(DWORD milliseconds) {
    if (milliseconds == INFINITE) return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec + (uint64_t)milliseconds * 1000000u + 1;
}

ISAPI_EXPORT DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                                 DWORD dwMilliseconds) {
    if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS || lpHandles == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    w32_object *objects[MAXIMUM_WAIT_OBJECTS];
    w32_lock();
    for (DWORD index = 0; index < nCount; index++) {
        objects[index] = w32_handle_take_locked(lpHandles[index], w32_kind_any);
        int waitable = objects[index] != NULL && objects[index]->kind >= w32_kind_mutex &&
                       objects[index]->kind <= w32_kind_thread;
        if (!waitable) {
            if (objects[index] != NULL) objects[index]->references--;
            while (index-- > 0) objects[index]->references--;
            w32_unlock();
            SetLastError(ERROR_INVALID_HANDLE);
            return WAIT_FAILED;
        }
    }
    pid_t self = w32_thread_id();
    uint64_t deadline = deadline_after(dwMilliseconds);
    DWORD result = WAIT_TIMEOUT;
    for (;;) {
        if (bWaitAll) {
            DWORD ready = 0;
            while (ready < nCount && is_signalled(objects[ready], self)) ready++;
            if (ready == nCount) {
                int abandoned = 0;
                for (DWORD index = 0; index < nCount; index++) abandoned |= acquire(objects[index], self);
                result = abandoned ? WAIT_ABANDONED_0 : WAIT_OBJECT_0;
                break;
            }
        } else {
            DWORD index = 0;
            while (index < nCount && !is_signalled(objects[index], self)) index++;
            if (index < nCount) {
                result = (acquire(objects[index], self) ? WAIT_ABANDONED_0 : WAIT_OBJECT_0) + index;
                break;
            }
        }
        if (dwMilliseconds == 0 || !w32_wait(deadline)) break;
    }
    w32_unlock();
    for (DWORD index = 0; index < nCount; index++) w32_release(objects[index]);
    return result;
}

ISAPI_EXPORT DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds) {
    return WaitForMultipleObjects(1, &hHandle, FALSE, dwMilliseconds);
}
