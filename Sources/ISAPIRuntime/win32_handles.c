/*
 * The handle table and the lock of the kernel objects (win32_objects.h), and CloseHandle.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "win32_objects.h"

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static pthread_once_t changed_once = PTHREAD_ONCE_INIT;
static w32_object **slots = NULL;
static size_t slot_count = 0;
static size_t free_hint = 0;

static void make_condition(void) {
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&changed, &attributes);
    pthread_condattr_destroy(&attributes);
}

void w32_lock(void) {
    pthread_once(&changed_once, make_condition);
    pthread_mutex_lock(&table_lock);
}
void w32_unlock(void) { pthread_mutex_unlock(&table_lock); }
void w32_broadcast(void) { pthread_cond_broadcast(&changed); }

int w32_wait(uint64_t deadline_ns) {
    if (deadline_ns == 0) {
        pthread_cond_wait(&changed, &table_lock);
        return 1;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
    if (now_ns >= deadline_ns) return 0;
    struct timespec until = { (time_t)(deadline_ns / 1000000000u), (long)(deadline_ns % 1000000000u) };
    pthread_cond_timedwait(&changed, &table_lock, &until);
    return 1;
}

pid_t w32_thread_id(void) { return gettid(); }

static HANDLE handle_of(size_t slot) { return (HANDLE)(uintptr_t)((slot + 1) * 4); }

static int slot_of(HANDLE handle, size_t *slot) {
    uintptr_t value = (uintptr_t)handle;
    if (value == 0 || value % 4 != 0) return 0;
    size_t index = value / 4 - 1;
    if (index >= slot_count || slots[index] == NULL) return 0;
    *slot = index;
    return 1;
}

HANDLE w32_handle_insert_locked(w32_object *object) {
    size_t index = free_hint;
    while (index < slot_count && slots[index] != NULL) index++;
    if (index == slot_count) {
        size_t grown = slot_count ? slot_count * 2 : 64;
        w32_object **larger = realloc(slots, grown * sizeof *larger);
        if (larger == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
        memset(larger + slot_count, 0, (grown - slot_count) * sizeof *larger);
        slots = larger;
        slot_count = grown;
    }
    slots[index] = object;
    free_hint = index + 1;
    object->references++;
    object->handles++;
    return handle_of(index);
}

HANDLE w32_handle_insert(w32_object *object) {
    w32_lock();
    HANDLE handle = w32_handle_insert_locked(object);
    w32_unlock();
    return handle;
}

w32_object *w32_handle_take_locked(HANDLE handle, w32_kind kind) {
    size_t index;
    if (!slot_of(handle, &index) || (kind != w32_kind_any && slots[index]->kind != kind)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    slots[index]->references++;
    return slots[index];
}

w32_object *w32_handle_take(HANDLE handle, w32_kind kind) {
    w32_lock();
    w32_object *object = w32_handle_take_locked(handle, kind);
    w32_unlock();
    return object;
}

void w32_release(w32_object *object) {
    w32_lock();
    int last = --object->references == 0;
    w32_unlock();
    if (last) {
        free(object->name);
        object->destroy(object);
    }
}

w32_object *w32_find_named_locked(const char *name) {
    for (size_t index = 0; index < slot_count; index++) {
        w32_object *object = slots[index];
        if (object != NULL && object->handles > 0 && object->name != NULL && strcmp(object->name, name) == 0) {
            return object;
        }
    }
    return NULL;
}

void w32_for_each_locked(void (*visit)(w32_object *object, void *context), void *context) {
    for (size_t index = 0; index < slot_count; index++) {
        if (slots[index] != NULL) visit(slots[index], context);
    }
}

ISAPI_EXPORT BOOL WINAPI CloseHandle(HANDLE hObject) {
    w32_lock();
    size_t index;
    if (!slot_of(hObject, &index)) {
        w32_unlock();
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    w32_object *object = slots[index];
    slots[index] = NULL;
    if (index < free_hint) free_hint = index;
    object->handles--;
    w32_unlock();
    w32_release(object);
    return TRUE;
}
