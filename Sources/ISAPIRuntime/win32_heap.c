/*
 * HeapAlloc & co. and Local/Global memory on malloc. Each block has a header naming its heap and
 * the size asked for; blocks of a private heap (HeapCreate) are linked so HeapDestroy frees them.
 * A heap handle is a pointer to its record (heaps are not kernel objects: CloseHandle refuses them).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "win32_objects.h"

#define HEAP_MAGIC 0x48656170u /* "Heap" */

typedef struct w32_block w32_block;
typedef struct w32_heap {
    uint32_t magic;
    pthread_mutex_t lock;
    w32_block *blocks; /* private heaps only */
} w32_heap;

/* 32 bytes: keeps the caller's memory 16-byte aligned as malloc's is. */
struct w32_block {
    w32_heap *heap;
    size_t size;
    w32_block *previous;
    w32_block *next;
};

static w32_heap process_heap = { HEAP_MAGIC, PTHREAD_MUTEX_INITIALIZER, NULL };

static w32_heap *heap_of(HANDLE handle) {
    w32_heap *heap = handle;
    return heap != NULL && heap->magic == HEAP_MAGIC ? heap : NULL;
}

static w32_block *block_of(LPCVOID memory) { return (w32_block *)memory - 1; }

static void link_block(w32_heap *heap, w32_block *block) {
    block->heap = heap;
    block->previous = NULL;
    block->next = NULL;
    if (heap == &process_heap) return;
    pthread_mutex_lock(&heap->lock);
    block->next = heap->blocks;
    if (heap->blocks) heap->blocks->previous = block;
    heap->blocks = block;
    pthread_mutex_unlock(&heap->lock);
}

static void unlink_block(w32_block *block) {
    w32_heap *heap = block->heap;
    if (heap == &process_heap) return;
    pthread_mutex_lock(&heap->lock);
    if (block->previous) block->previous->next = block->next;
    else heap->blocks = block->next;
    if (block->next) block->next->previous = block->previous;
    pthread_mutex_unlock(&heap->lock);
}

ISAPI_EXPORT HANDLE WINAPI GetProcessHeap(VOID) { return &process_heap; }

ISAPI_EXPORT HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize) {
    (void)flOptions; (void)dwInitialSize; (void)dwMaximumSize;
    w32_heap *heap = calloc(1, sizeof *heap);
    if (heap == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    heap->magic = HEAP_MAGIC;
    pthread_mutex_init(&heap->lock, NULL);
    return heap;
}

ISAPI_EXPORT BOOL WINAPI HeapDestroy(HANDLE hHeap) {
    w32_heap *heap = heap_of(hHeap);
    if (heap == NULL || heap == &process_heap) { SetLastError(ERROR_INVALID_HANDLE); return FALSE; }
    for (w32_block *block = heap->blocks, *next; block != NULL; block = next) {
        next = block->next;
        free(block);
    }
    heap->magic = 0;
    pthread_mutex_destroy(&heap->lock);
    free(heap);
    return TRUE;
}

ISAPI_EXPORT LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes) {
    w32_heap *heap = heap_of(hHeap);
    if (heap == NULL) { SetLastError(ERROR_INVALID_HANDLE); return NULL; }
    if (dwBytes > SIZE_MAX - sizeof(w32_block)) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    w32_block *block = (dwFlags & HEAP_ZERO_MEMORY) ? calloc(1, sizeof *block + dwBytes) : malloc(sizeof *block + dwBytes);
    if (block == NULL) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    block->size = dwBytes;
    link_block(heap, block);
    return block + 1;
}

ISAPI_EXPORT LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes) {
    w32_heap *heap = heap_of(hHeap);
    if (heap == NULL || lpMem == NULL || block_of(lpMem)->heap != heap) {
        SetLastError(lpMem == NULL ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return NULL;
    }
    w32_block *block = block_of(lpMem);
    size_t old_size = block->size;
    if (dwBytes > old_size && (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (dwBytes > SIZE_MAX - sizeof(w32_block)) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    if (dwBytes <= old_size && (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY)) {
        block->size = dwBytes;
        return lpMem;
    }
    unlink_block(block);
    w32_block *moved = realloc(block, sizeof *block + dwBytes);
    if (moved == NULL) {
        link_block(heap, block);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > old_size) memset((char *)(moved + 1) + old_size, 0, dwBytes - old_size);
    moved->size = dwBytes;
    link_block(heap, moved);
    return moved + 1;
}

ISAPI_EXPORT BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem) {
    (void)dwFlags;
    w32_heap *heap = heap_of(hHeap);
    if (heap == NULL) { SetLastError(ERROR_INVALID_HANDLE); return FALSE; }
    if (lpMem == NULL) return TRUE;
    w32_block *block = block_of(lpMem);
    if (block->heap != heap) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    unlink_block(block);
    block->heap = NULL;
    free(block);
    return TRUE;
}

ISAPI_EXPORT SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem) {
    (void)dwFlags;
    w32_heap *heap = heap_of(hHeap);
    if (heap == NULL || lpMem == NULL || block_of(lpMem)->heap != heap) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return (SIZE_T)-1;
    }
    return block_of(lpMem)->size;
}

/* ---- Local and Global: the process heap ------------------------------------------------------- */

ISAPI_EXPORT HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes) {
    return HeapAlloc(&process_heap, (uFlags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0, uBytes);
}

ISAPI_EXPORT HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags) {
    return HeapReAlloc(&process_heap, (uFlags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0, hMem, uBytes);
}

/* NULL on success, the block on failure (as on Windows). */
ISAPI_EXPORT HLOCAL WINAPI LocalFree(HLOCAL hMem) { return HeapFree(&process_heap, 0, hMem) ? NULL : hMem; }

ISAPI_EXPORT SIZE_T WINAPI LocalSize(HLOCAL hMem) {
    SIZE_T size = HeapSize(&process_heap, 0, hMem);
    return size == (SIZE_T)-1 ? 0 : size;
}

ISAPI_EXPORT HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes) { return LocalAlloc(uFlags, dwBytes); }
ISAPI_EXPORT HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags) { return LocalReAlloc(hMem, dwBytes, uFlags); }
ISAPI_EXPORT HGLOBAL WINAPI GlobalFree(HGLOBAL hMem) { return LocalFree(hMem); }
ISAPI_EXPORT SIZE_T WINAPI GlobalSize(HGLOBAL hMem) { return LocalSize(hMem); }
