/* isapi-bridge: kernel32 objects behind one HANDLE model — mutexes, events, semaphores, threads —
 * the waits on them, CloseHandle, and the 64-bit/pointer Interlocked functions.
 *
 * Every function here is implemented by the host process (Sources/ISAPIRuntime, exported from the
 * executable like GetLastError), so a filter and a module loaded in one worker share one handle
 * table: a named mutex created by one is opened by the other. Names are process-local: worker
 * processes do not share them (a "Global\" or "Local\" prefix is accepted and ignored).
 * A HANDLE is a small table index (a multiple of 4, as on Windows): a stale or forged handle is
 * refused with ERROR_INVALID_HANDLE, never dereferenced.
 * Included by windows.h; not a public header on its own. docs/win32-support-kernel.md. */
#ifndef ISAPI_BRIDGE_WIN32_KERNEL_H
#define ISAPI_BRIDGE_WIN32_KERNEL_H

#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ISAPI_BRIDGE_WIN_SECURITY_ATTRIBUTES
#define ISAPI_BRIDGE_WIN_SECURITY_ATTRIBUTES
/* Accepted everywhere and ignored: there is no Windows security descriptor on Linux. */
typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;
#endif

#define INFINITE 0xFFFFFFFFu
#define WAIT_OBJECT_0 0x00000000u
#define WAIT_ABANDONED 0x00000080u
#define WAIT_ABANDONED_0 0x00000080u
#define WAIT_TIMEOUT 0x00000102u
#define WAIT_FAILED 0xFFFFFFFFu
#define MAXIMUM_WAIT_OBJECTS 64
#define STILL_ACTIVE 259
#define CREATE_SUSPENDED 0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000

#define SYNCHRONIZE 0x00100000L
#define MUTEX_MODIFY_STATE 0x0001
#define MUTEX_ALL_ACCESS 0x001F0001
#define EVENT_MODIFY_STATE 0x0002
#define EVENT_ALL_ACCESS 0x001F0003
#define SEMAPHORE_MODIFY_STATE 0x0002
#define SEMAPHORE_ALL_ACCESS 0x001F0003

#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE 6
#endif
#ifndef ERROR_NOT_OWNER
#define ERROR_NOT_OWNER 288
#endif
#ifndef ERROR_TOO_MANY_POSTS
#define ERROR_TOO_MANY_POSTS 298
#endif
#ifndef ERROR_INVALID_THREAD_ID
#define ERROR_INVALID_THREAD_ID 1444
#endif

typedef DWORD (WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;

/* Closes any handle this layer gave out (mutex, event, semaphore, thread, file, find). FALSE with
 * ERROR_INVALID_HANDLE for NULL, INVALID_HANDLE_VALUE, a closed or a foreign value. */
BOOL WINAPI CloseHandle(HANDLE hObject);

/* Mutexes: recursive, owned by a thread; a thread that ends owning one abandons it (the next wait
 * returns WAIT_ABANDONED and owns it). Create* of an existing name returns a new handle to it with
 * last error ERROR_ALREADY_EXISTS (0 when it is new); Open* of an unknown name is NULL with
 * ERROR_FILE_NOT_FOUND. */
HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName);
HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName);
HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName);
HANDLE WINAPI OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);
BOOL WINAPI ReleaseMutex(HANDLE hMutex);

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCSTR lpName);
HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName);
HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName);
HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);
BOOL WINAPI SetEvent(HANDLE hEvent);
BOOL WINAPI ResetEvent(HANDLE hEvent);

HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount, LPCSTR lpName);
HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName);
HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName);
HANDLE WINAPI OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);
BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount);

/* Waits on mutexes, events, semaphores and threads (signalled when they end). */
DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds);
#define WaitForSingleObjectEx(handle, milliseconds, alertable) WaitForSingleObject((handle), (milliseconds))
#define WaitForMultipleObjectsEx(count, handles, all, milliseconds, alertable) \
    WaitForMultipleObjects((count), (handles), (all), (milliseconds))

/* Threads are POSIX threads; *lpThreadId is the Linux thread id (gettid). ExitThread ends a thread
 * CreateThread started; on any other thread (a server thread) it prints why and aborts. */
HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter, DWORD dwCreationFlags,
                           LPDWORD lpThreadId);
BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
DWORD WINAPI ResumeThread(HANDLE hThread);
DWORD WINAPI GetThreadId(HANDLE Thread);
__attribute__((noreturn)) VOID WINAPI ExitThread(DWORD dwExitCode);

/* The CRT's thread starters (process.h) over CreateThread. _beginthreadex returns the thread
 * HANDLE (close it with CloseHandle), 0 with errno on failure. _beginthread closes its handle at
 * once, as the CRT does when the thread ends: the value it returns identifies nothing; -1 on failure. */
static inline uintptr_t _beginthreadex(void *security, unsigned stack_size, unsigned (WINAPI *start_address)(void *),
                                       void *arglist, unsigned initflag, unsigned *thrdaddr) {
    (void)security;
    if (start_address == NULL) { errno = EINVAL; return 0; }
    DWORD id = 0;
    HANDLE thread = CreateThread(NULL, stack_size, (LPTHREAD_START_ROUTINE)start_address, arglist, initflag, &id);
    if (thread == NULL) { errno = EAGAIN; return 0; }
    if (thrdaddr != NULL) *thrdaddr = id;
    return (uintptr_t)thread;
}
static inline void _endthreadex(unsigned retval) { ExitThread(retval); }
typedef struct isapi_bridge_crt_thread { void (*start)(void *); void *argument; } isapi_bridge_crt_thread;
static inline DWORD WINAPI isapi_bridge_crt_thread_start(LPVOID parameter) {
    isapi_bridge_crt_thread thread = *(isapi_bridge_crt_thread *)parameter;
    free(parameter);
    thread.start(thread.argument);
    return 0;
}
static inline uintptr_t _beginthread(void (*start_address)(void *), unsigned stack_size, void *arglist) {
    if (start_address == NULL) { errno = EINVAL; return (uintptr_t)-1; }
    isapi_bridge_crt_thread *thread = (isapi_bridge_crt_thread *)malloc(sizeof *thread);
    if (thread == NULL) { errno = ENOMEM; return (uintptr_t)-1; }
    thread->start = start_address;
    thread->argument = arglist;
    HANDLE handle = CreateThread(NULL, stack_size, isapi_bridge_crt_thread_start, thread, 0, NULL);
    if (handle == NULL) { free(thread); errno = EAGAIN; return (uintptr_t)-1; }
    CloseHandle(handle);
    return (uintptr_t)handle;
}
static inline void _endthread(void) { ExitThread(0); }

#define CreateMutex CreateMutexA
#define OpenMutex OpenMutexA
#define CreateEvent CreateEventA
#define OpenEvent OpenEventA
#define CreateSemaphore CreateSemaphoreA
#define OpenSemaphore OpenSemaphoreA

/* Interlocked operations windows.h does not already have. */
static inline LONGLONG InterlockedIncrement64(LONGLONG volatile *value) { return __atomic_add_fetch(value, 1, __ATOMIC_SEQ_CST); }
static inline LONGLONG InterlockedDecrement64(LONGLONG volatile *value) { return __atomic_sub_fetch(value, 1, __ATOMIC_SEQ_CST); }
static inline LONGLONG InterlockedExchange64(LONGLONG volatile *target, LONGLONG value) {
    return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}
static inline LONGLONG InterlockedExchangeAdd64(LONGLONG volatile *target, LONGLONG value) {
    return __atomic_fetch_add(target, value, __ATOMIC_SEQ_CST);
}
static inline LONGLONG InterlockedCompareExchange64(LONGLONG volatile *target, LONGLONG exchange, LONGLONG comparand) {
    __atomic_compare_exchange_n(target, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
static inline PVOID InterlockedExchangePointer(PVOID volatile *target, PVOID value) {
    return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}
static inline PVOID InterlockedCompareExchangePointer(PVOID volatile *target, PVOID exchange, PVOID comparand) {
    __atomic_compare_exchange_n(target, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
/* The bit operations return the original value, as on Windows. */
static inline LONG InterlockedAnd(LONG volatile *target, LONG value) { return __atomic_fetch_and(target, value, __ATOMIC_SEQ_CST); }
static inline LONG InterlockedOr(LONG volatile *target, LONG value) { return __atomic_fetch_or(target, value, __ATOMIC_SEQ_CST); }
static inline LONG InterlockedXor(LONG volatile *target, LONG value) { return __atomic_fetch_xor(target, value, __ATOMIC_SEQ_CST); }
static inline LONG InterlockedAdd(LONG volatile *target, LONG value) { return __atomic_add_fetch(target, value, __ATOMIC_SEQ_CST); }

/* ---- Thread-local slots, more of CRITICAL_SECTION, slim reader/writer locks ------------------- */

/* TlsAlloc & co. are POSIX thread-specific keys; TlsGetValue clears the last error on success (the
 * documentation: a stored NULL is told from a failure that way). */
#define TLS_OUT_OF_INDEXES ((DWORD)0xFFFFFFFF)
static inline DWORD TlsAlloc(VOID) {
    pthread_key_t key;
    if (pthread_key_create(&key, NULL) != 0) { SetLastError(ERROR_NOT_ENOUGH_MEMORY); return TLS_OUT_OF_INDEXES; }
    return (DWORD)key;
}
static inline BOOL TlsFree(DWORD dwTlsIndex) {
    if (pthread_key_delete((pthread_key_t)dwTlsIndex) != 0) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    return TRUE;
}
static inline LPVOID TlsGetValue(DWORD dwTlsIndex) {
    SetLastError(ERROR_SUCCESS);
    return pthread_getspecific((pthread_key_t)dwTlsIndex);
}
static inline BOOL TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue) {
    if (pthread_setspecific((pthread_key_t)dwTlsIndex, lpTlsValue) != 0) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    return TRUE;
}

/* The spin count means nothing to a pthread mutex; it is accepted and ignored. */
static inline BOOL InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION section, DWORD dwSpinCount) {
    (void)dwSpinCount;
    InitializeCriticalSection(section);
    return TRUE;
}
static inline BOOL InitializeCriticalSectionEx(LPCRITICAL_SECTION section, DWORD dwSpinCount, DWORD Flags) {
    (void)dwSpinCount; (void)Flags;
    InitializeCriticalSection(section);
    return TRUE;
}
static inline BOOL TryEnterCriticalSection(LPCRITICAL_SECTION section) {
    pthread_t self = pthread_self();
    if (__atomic_load_n(&section->depth, __ATOMIC_ACQUIRE) > 0 && pthread_equal(section->owner, self)) {
        section->depth++;
        return TRUE;
    }
    if (pthread_mutex_trylock(&section->mutex) != 0) return FALSE;
    section->owner = self;
    __atomic_store_n(&section->depth, 1, __ATOMIC_RELEASE);
    return TRUE;
}

/* Slim reader/writer locks: a pthread rwlock (SRWLOCK_INIT works for static ones). Not recursive,
 * as on Windows. POSIX rwlocks are not declared under a strict ISO C mode (-std=c99): left out there. */
#ifdef PTHREAD_RWLOCK_INITIALIZER
typedef struct { pthread_rwlock_t lock; } SRWLOCK, *PSRWLOCK;
#define SRWLOCK_INIT { PTHREAD_RWLOCK_INITIALIZER }
static inline VOID InitializeSRWLock(PSRWLOCK SRWLock) { pthread_rwlock_init(&SRWLock->lock, NULL); }
static inline VOID AcquireSRWLockExclusive(PSRWLOCK SRWLock) { pthread_rwlock_wrlock(&SRWLock->lock); }
static inline VOID ReleaseSRWLockExclusive(PSRWLOCK SRWLock) { pthread_rwlock_unlock(&SRWLock->lock); }
static inline VOID AcquireSRWLockShared(PSRWLOCK SRWLock) { pthread_rwlock_rdlock(&SRWLock->lock); }
static inline VOID ReleaseSRWLockShared(PSRWLOCK SRWLock) { pthread_rwlock_unlock(&SRWLock->lock); }
static inline BOOLEAN TryAcquireSRWLockExclusive(PSRWLOCK SRWLock) { return pthread_rwlock_trywrlock(&SRWLock->lock) == 0; }
static inline BOOLEAN TryAcquireSRWLockShared(PSRWLOCK SRWLock) { return pthread_rwlock_tryrdlock(&SRWLock->lock) == 0; }
#endif

/* ---- The machine ------------------------------------------------------------------------------ */

#define PROCESSOR_ARCHITECTURE_AMD64 9
#define PROCESSOR_ARCHITECTURE_ARM64 12
#define PROCESSOR_ARCHITECTURE_UNKNOWN 0xFFFF
typedef struct _SYSTEM_INFO {
    union {
        DWORD dwOemId;
        struct { WORD wProcessorArchitecture; WORD wReserved; };
    };
    DWORD dwPageSize;
    LPVOID lpMinimumApplicationAddress;
    LPVOID lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD dwNumberOfProcessors;
    DWORD dwProcessorType;
    DWORD dwAllocationGranularity;
    WORD wProcessorLevel;
    WORD wProcessorRevision;
} SYSTEM_INFO, *LPSYSTEM_INFO;

/* The processors online and the page size (sysconf); the allocation granularity is Windows' 64 KiB. */
static inline VOID GetSystemInfo(LPSYSTEM_INFO lpSystemInfo) {
    memset(lpSystemInfo, 0, sizeof *lpSystemInfo);
#if defined(__x86_64__)
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
#elif defined(__aarch64__)
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_ARM64;
#else
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_UNKNOWN;
#endif
    long processors = sysconf(_SC_NPROCESSORS_ONLN), page = sysconf(_SC_PAGESIZE);
    lpSystemInfo->dwNumberOfProcessors = processors > 0 ? (DWORD)processors : 1;
    lpSystemInfo->dwPageSize = page > 0 ? (DWORD)page : 4096;
    lpSystemInfo->dwActiveProcessorMask = lpSystemInfo->dwNumberOfProcessors >= 8 * sizeof(DWORD_PTR)
        ? ~(DWORD_PTR)0 : (((DWORD_PTR)1 << lpSystemInfo->dwNumberOfProcessors) - 1);
    lpSystemInfo->lpMinimumApplicationAddress = (LPVOID)(uintptr_t)0x10000;
    lpSystemInfo->lpMaximumApplicationAddress = (LPVOID)(uintptr_t)0x7FFFFFFEFFFFULL;
    lpSystemInfo->dwAllocationGranularity = 65536;
}
#define GetNativeSystemInfo GetSystemInfo

/* ---- Heaps and Local/Global memory ----------------------------------------------------------- */

/* Every block knows its heap and its size (HeapSize answers the size asked for); HeapDestroy frees
 * the blocks still allocated from that heap. Local* and Global* allocate from the process heap;
 * LMEM_MOVEABLE/GMEM_MOVEABLE blocks do not move: the "handle" is the pointer, Lock returns it. */
#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_GENERATE_EXCEPTIONS 0x00000004
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010
#define LMEM_FIXED 0x0000
#define LMEM_MOVEABLE 0x0002
#define LMEM_ZEROINIT 0x0040
#define LHND (LMEM_MOVEABLE | LMEM_ZEROINIT)
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
#define NONZEROLHND LMEM_MOVEABLE
#define NONZEROLPTR LMEM_FIXED
#define GMEM_FIXED 0x0000
#define GMEM_MOVEABLE 0x0002
#define GMEM_ZEROINIT 0x0040
#define GHND (GMEM_MOVEABLE | GMEM_ZEROINIT)
#define GPTR (GMEM_FIXED | GMEM_ZEROINIT)

typedef HANDLE HLOCAL;
typedef HANDLE HGLOBAL;

HANDLE WINAPI GetProcessHeap(VOID);
HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize);
BOOL WINAPI HeapDestroy(HANDLE hHeap);
LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes);
LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes);
BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);
SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem);
HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes);
HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags);
HLOCAL WINAPI LocalFree(HLOCAL hMem);
SIZE_T WINAPI LocalSize(HLOCAL hMem);
HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes);
HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags);
HGLOBAL WINAPI GlobalFree(HGLOBAL hMem);
SIZE_T WINAPI GlobalSize(HGLOBAL hMem);
static inline LPVOID LocalLock(HLOCAL hMem) { return hMem; }
static inline BOOL LocalUnlock(HLOCAL hMem) { (void)hMem; return FALSE; }
static inline LPVOID GlobalLock(HGLOBAL hMem) { return hMem; }
static inline BOOL GlobalUnlock(HGLOBAL hMem) { (void)hMem; return FALSE; }

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_BRIDGE_WIN32_KERNEL_H */
