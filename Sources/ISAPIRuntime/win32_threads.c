/*
 * CreateThread & co. on POSIX threads. A thread object is signalled when its thread ends (its
 * start routine returned or it called ExitThread); its exit code reads STILL_ACTIVE until then.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "win32_objects.h"

typedef struct w32_thread {
    w32_object base;
    LPTHREAD_START_ROUTINE start;
    LPVOID parameter;
    pid_t tid;          /* 0 until the thread has started */
    DWORD exit_code;
    int finished;
    DWORD suspended;    /* CREATE_SUSPENDED: 1 until ResumeThread */
} w32_thread;

/* The thread object of the calling thread, if CreateThread started it. */
static _Thread_local w32_thread *current_thread = NULL;

int w32_thread_finished_locked(w32_object *thread) { return ((w32_thread *)thread)->finished; }

static void destroy_thread(w32_object *object) { free(object); }

/* Records the exit code, abandons the mutexes the thread holds, signals waiters. */
static void finish(w32_thread *thread, DWORD code) {
    w32_lock();
    thread->exit_code = code;
    thread->finished = 1;
    w32_abandon_mutexes_locked(thread->tid);
    w32_unlock();
    current_thread = NULL;
    w32_release(&thread->base); /* the running thread's own reference */
}

static void *trampoline(void *argument) {
    w32_thread *thread = argument;
    current_thread = thread;
    w32_lock();
    thread->tid = w32_thread_id();
    w32_broadcast();
    while (thread->suspended > 0) w32_wait(0);
    w32_unlock();
    DWORD code = thread->start(thread->parameter);
    finish(thread, code);
    return NULL;
}

ISAPI_EXPORT HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                                        LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                                        DWORD dwCreationFlags, LPDWORD lpThreadId) {
    (void)lpThreadAttributes;
    if (lpStartAddress == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return NULL; }
    w32_thread *thread = calloc(1, sizeof *thread);
    if (thread == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    thread->base.kind = w32_kind_thread;
    thread->base.destroy = destroy_thread;
    thread->base.references = 1; /* the running thread's */
    thread->start = lpStartAddress;
    thread->parameter = lpParameter;
    thread->exit_code = STILL_ACTIVE;
    thread->suspended = (dwCreationFlags & CREATE_SUSPENDED) ? 1 : 0;
    HANDLE handle = w32_handle_insert(&thread->base);
    if (handle == NULL) { free(thread); return NULL; }

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    if (dwStackSize > 0) {
        size_t size = dwStackSize < (size_t)PTHREAD_STACK_MIN ? (size_t)PTHREAD_STACK_MIN : dwStackSize;
        long page = sysconf(_SC_PAGESIZE);
        size = (size + (size_t)page - 1) / (size_t)page * (size_t)page;
        pthread_attr_setstacksize(&attributes, size);
    }
    pthread_t posix;
    int failed = pthread_create(&posix, &attributes, trampoline, thread);
    pthread_attr_destroy(&attributes);
    if (failed) {
        w32_lock();
        thread->finished = 1;
        thread->base.references--; /* no running thread */
        w32_unlock();
        CloseHandle(handle);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_lock();
    while (thread->tid == 0) w32_wait(0);
    if (lpThreadId != NULL) *lpThreadId = (DWORD)thread->tid;
    w32_unlock();
    SetLastError(ERROR_SUCCESS);
    return handle;
}

ISAPI_EXPORT BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode) {
    if (lpExitCode == NULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    w32_lock();
    w32_thread *thread = (w32_thread *)w32_handle_take_locked(hThread, w32_kind_thread);
    if (thread == NULL) { w32_unlock(); return FALSE; }
    *lpExitCode = thread->exit_code;
    w32_unlock();
    w32_release(&thread->base);
    return TRUE;
}

ISAPI_EXPORT DWORD WINAPI ResumeThread(HANDLE hThread) {
    w32_lock();
    w32_thread *thread = (w32_thread *)w32_handle_take_locked(hThread, w32_kind_thread);
    if (thread == NULL) { w32_unlock(); return (DWORD)-1; }
    DWORD previous = thread->suspended;
    if (thread->suspended > 0) thread->suspended--;
    w32_broadcast();
    w32_unlock();
    w32_release(&thread->base);
    return previous;
}

ISAPI_EXPORT DWORD WINAPI GetThreadId(HANDLE Thread) {
    w32_lock();
    w32_thread *thread = (w32_thread *)w32_handle_take_locked(Thread, w32_kind_thread);
    if (thread == NULL) { w32_unlock(); return 0; }
    DWORD tid = (DWORD)thread->tid;
    w32_unlock();
    w32_release(&thread->base);
    return tid;
}

ISAPI_EXPORT VOID WINAPI ExitThread(DWORD dwExitCode) {
    w32_thread *thread = current_thread;
    if (thread == NULL) {
        /* A server thread: ending it would stop every connection it serves. */
        fputs("isapi-bridge: ExitThread called on a thread the server owns (only threads started with "
              "CreateThread may call it; return from the notification instead). Aborting.\n", stderr);
        abort();
    }
    finish(thread, dwExitCode);
    pthread_exit(NULL);
}
