/* Win32 layer checks: heaps, Local/Global memory, mutexes, events, semaphores, waits, threads,
 * CloseHandle, Interlocked, SEH (isapi_bridge_win32_kernel.h, isapi_bridge_win32_seh.h). */
#include "win32_check.h"

CHECK(heap_alloc) {
    USES_SCRATCH;
    HANDLE heap = GetProcessHeap();
    EXPECT(heap != NULL && heap == GetProcessHeap());
    unsigned char *zeroed = (unsigned char *)HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    EXPECT(zeroed != NULL);
    for (int i = 0; i < 100; i++) EXPECT(zeroed[i] == 0);
    EXPECT(HeapSize(heap, 0, zeroed) == 100);
    EXPECT(HeapFree(heap, 0, zeroed));
    EXPECT(HeapFree(heap, 0, NULL));
    SetLastError(0);
    EXPECT(HeapAlloc(NULL, 0, 8) == NULL && GetLastError() == ERROR_INVALID_HANDLE);
    return 1;
}

CHECK(heap_realloc) {
    USES_SCRATCH;
    HANDLE heap = GetProcessHeap();
    unsigned char *block = (unsigned char *)HeapAlloc(heap, 0, 4);
    memset(block, 0xAB, 4);
    block = (unsigned char *)HeapReAlloc(heap, HEAP_ZERO_MEMORY, block, 64);
    EXPECT(block != NULL && HeapSize(heap, 0, block) == 64);
    EXPECT(block[0] == 0xAB && block[3] == 0xAB && block[4] == 0 && block[63] == 0);
    EXPECT(HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, block, 1 << 20) == NULL && GetLastError() == ERROR_NOT_ENOUGH_MEMORY);
    EXPECT(HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, block, 8) == block && HeapSize(heap, 0, block) == 8);
    EXPECT(HeapFree(heap, 0, block));
    return 1;
}

CHECK(heap_create_destroy) {
    USES_SCRATCH;
    HANDLE heap = HeapCreate(0, 0, 0);
    EXPECT(heap != NULL && heap != GetProcessHeap());
    void *a = HeapAlloc(heap, 0, 10), *b = HeapAlloc(heap, HEAP_ZERO_MEMORY, 20);
    EXPECT(a && b && HeapSize(heap, 0, b) == 20);
    EXPECT(HeapFree(heap, 0, a));
    /* A block of another heap is refused. */
    EXPECT(!HeapFree(GetProcessHeap(), 0, b) && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(HeapDestroy(heap)); /* frees b */
    EXPECT(!HeapDestroy(GetProcessHeap()) && GetLastError() == ERROR_INVALID_HANDLE);
    return 1;
}

CHECK(local_global_alloc) {
    USES_SCRATCH;
    unsigned char *local = (unsigned char *)LocalAlloc(LPTR, 32);
    EXPECT(local != NULL && local[0] == 0 && local[31] == 0 && LocalSize(local) == 32);
    EXPECT(LocalLock(local) == local);
    local = (unsigned char *)LocalReAlloc(local, 64, LMEM_ZEROINIT);
    EXPECT(local != NULL && local[63] == 0);
    EXPECT(LocalFree(local) == NULL);
    unsigned char *global = (unsigned char *)GlobalAlloc(GPTR, 16);
    EXPECT(global != NULL && global[15] == 0 && GlobalSize(global) == 16);
    EXPECT(GlobalFree(global) == NULL);
    return 1;
}

typedef struct shared { HANDLE object; DWORD result; } shared;

static DWORD WINAPI wait_zero(LPVOID parameter) {
    shared *state = (shared *)parameter;
    state->result = WaitForSingleObject(state->object, 0);
    return 7;
}

static DWORD WINAPI take_and_exit(LPVOID parameter) {
    return WaitForSingleObject(((shared *)parameter)->object, INFINITE); /* ends owning it */
}

CHECK(create_mutex) {
    USES_SCRATCH;
    SetLastError(12345);
    HANDLE first = CreateMutexA(NULL, FALSE, "Global\\isapi-bridge-check-mutex");
    EXPECT(first != NULL && GetLastError() == ERROR_SUCCESS);
    HANDLE second = CreateMutexA(NULL, TRUE, "isapi-bridge-check-mutex"); /* the same name, prefix ignored */
    EXPECT(second != NULL && second != first && GetLastError() == ERROR_ALREADY_EXISTS);
    /* bInitialOwner is ignored for an existing name: another thread can take it. */
    shared state = { first, 99 };
    HANDLE thread = CreateThread(NULL, 0, wait_zero, &state, 0, NULL);
    EXPECT(WaitForSingleObject(thread, INFINITE) == WAIT_OBJECT_0 && state.result == WAIT_OBJECT_0);
    EXPECT(CloseHandle(thread) && CloseHandle(second) && CloseHandle(first));
    /* Another kind under a mutex's name. */
    HANDLE mutex = CreateMutexA(NULL, FALSE, "isapi-bridge-check-kind");
    EXPECT(CreateEventA(NULL, FALSE, FALSE, "isapi-bridge-check-kind") == NULL && GetLastError() == ERROR_INVALID_HANDLE);
    EXPECT(CloseHandle(mutex));
    return 1;
}

CHECK(open_mutex) {
    USES_SCRATCH;
    EXPECT(OpenMutexA(SYNCHRONIZE, FALSE, "isapi-bridge-no-such-mutex") == NULL && GetLastError() == ERROR_FILE_NOT_FOUND);
    HANDLE created = CreateMutexA(NULL, FALSE, "isapi-bridge-open-me");
    HANDLE opened = OpenMutexA(MUTEX_ALL_ACCESS, FALSE, "isapi-bridge-open-me");
    EXPECT(opened != NULL && opened != created);
    EXPECT(CloseHandle(created) && CloseHandle(opened));
    /* The name goes with the last handle. */
    EXPECT(OpenMutexA(SYNCHRONIZE, FALSE, "isapi-bridge-open-me") == NULL && GetLastError() == ERROR_FILE_NOT_FOUND);
    WCHAR wide[] = { 'w', 'i', 'd', 'e', 0 };
    HANDLE w = CreateMutexW(NULL, FALSE, wide);
    HANDLE a = OpenMutexA(SYNCHRONIZE, FALSE, "wide");
    EXPECT(w != NULL && a != NULL && CloseHandle(a) && CloseHandle(w));
    return 1;
}

CHECK(release_mutex) {
    USES_SCRATCH;
    HANDLE mutex = CreateMutexA(NULL, TRUE, NULL);
    EXPECT(mutex != NULL);
    EXPECT(WaitForSingleObject(mutex, 0) == WAIT_OBJECT_0); /* recursive: depth 2 */
    shared state = { mutex, 99 };
    HANDLE thread = CreateThread(NULL, 0, wait_zero, &state, 0, NULL);
    EXPECT(WaitForSingleObject(thread, INFINITE) == WAIT_OBJECT_0 && state.result == WAIT_TIMEOUT);
    CloseHandle(thread);
    EXPECT(ReleaseMutex(mutex) && ReleaseMutex(mutex));
    EXPECT(!ReleaseMutex(mutex) && GetLastError() == ERROR_NOT_OWNER);
    EXPECT(CloseHandle(mutex));
    return 1;
}

CHECK(abandoned_mutex) {
    USES_SCRATCH;
    shared state = { CreateMutexA(NULL, FALSE, NULL), 0 };
    HANDLE thread = CreateThread(NULL, 0, take_and_exit, &state, 0, NULL);
    EXPECT(WaitForSingleObject(thread, INFINITE) == WAIT_OBJECT_0);
    EXPECT(WaitForSingleObject(state.object, 0) == WAIT_ABANDONED);
    EXPECT(ReleaseMutex(state.object));
    EXPECT(WaitForSingleObject(state.object, 0) == WAIT_OBJECT_0 && ReleaseMutex(state.object));
    EXPECT(CloseHandle(thread) && CloseHandle(state.object));
    return 1;
}

CHECK(events) {
    USES_SCRATCH;
    HANDLE automatic = CreateEventA(NULL, FALSE, TRUE, NULL);
    EXPECT(WaitForSingleObject(automatic, 0) == WAIT_OBJECT_0);
    EXPECT(WaitForSingleObject(automatic, 0) == WAIT_TIMEOUT); /* reset by the wait */
    HANDLE manual = CreateEventA(NULL, TRUE, FALSE, "isapi-bridge-check-event");
    EXPECT(WaitForSingleObject(manual, 10) == WAIT_TIMEOUT);
    HANDLE opened = OpenEventA(EVENT_MODIFY_STATE, FALSE, "isapi-bridge-check-event");
    EXPECT(SetEvent(opened));
    EXPECT(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0 && WaitForSingleObject(manual, 0) == WAIT_OBJECT_0);
    EXPECT(ResetEvent(manual) && WaitForSingleObject(manual, 0) == WAIT_TIMEOUT);
    EXPECT(!SetEvent(NULL) && GetLastError() == ERROR_INVALID_HANDLE);
    EXPECT(CloseHandle(automatic) && CloseHandle(manual) && CloseHandle(opened));
    return 1;
}

CHECK(semaphores) {
    USES_SCRATCH;
    EXPECT(CreateSemaphoreA(NULL, 3, 2, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(CreateSemaphoreA(NULL, 0, 0, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER);
    HANDLE semaphore = CreateSemaphoreA(NULL, 1, 2, "isapi-bridge-check-semaphore");
    EXPECT(WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0 && WaitForSingleObject(semaphore, 0) == WAIT_TIMEOUT);
    LONG previous = -1;
    EXPECT(ReleaseSemaphore(semaphore, 2, &previous) && previous == 0);
    EXPECT(!ReleaseSemaphore(semaphore, 1, &previous) && GetLastError() == ERROR_TOO_MANY_POSTS);
    EXPECT(!ReleaseSemaphore(semaphore, 0, NULL) && GetLastError() == ERROR_INVALID_PARAMETER);
    HANDLE opened = OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, "isapi-bridge-check-semaphore");
    EXPECT(opened != NULL && WaitForSingleObject(opened, 0) == WAIT_OBJECT_0);
    EXPECT(CloseHandle(semaphore) && CloseHandle(opened));
    return 1;
}

CHECK(wait_for_multiple_objects) {
    USES_SCRATCH;
    HANDLE events[3] = { CreateEventA(NULL, TRUE, FALSE, NULL), CreateEventA(NULL, TRUE, FALSE, NULL),
                         CreateEventA(NULL, TRUE, FALSE, NULL) };
    EXPECT(WaitForMultipleObjects(3, events, FALSE, 0) == WAIT_TIMEOUT);
    SetEvent(events[2]);
    EXPECT(WaitForMultipleObjects(3, events, FALSE, INFINITE) == WAIT_OBJECT_0 + 2);
    EXPECT(WaitForMultipleObjects(3, events, TRUE, 5) == WAIT_TIMEOUT);
    SetEvent(events[0]);
    SetEvent(events[1]);
    EXPECT(WaitForMultipleObjects(3, events, TRUE, INFINITE) == WAIT_OBJECT_0);
    EXPECT(WaitForMultipleObjects(0, events, FALSE, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER);
    HANDLE bad[2] = { events[0], (HANDLE)(uintptr_t)0x7FFF0 };
    EXPECT(WaitForMultipleObjects(2, bad, FALSE, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE);
    for (int i = 0; i < 3; i++) EXPECT(CloseHandle(events[i]));
    return 1;
}

static DWORD WINAPI exit_with(LPVOID parameter) {
    ExitThread((DWORD)(uintptr_t)parameter);
}

CHECK(create_thread) {
    USES_SCRATCH;
    DWORD id = 0, code = 0;
    shared state = { CreateEventA(NULL, TRUE, TRUE, NULL), 99 };
    HANDLE suspended = CreateThread(NULL, 64 * 1024, wait_zero, &state, CREATE_SUSPENDED, &id);
    EXPECT(suspended != NULL && id != 0 && GetThreadId(suspended) == id);
    EXPECT(GetExitCodeThread(suspended, &code) && code == STILL_ACTIVE);
    EXPECT(WaitForSingleObject(suspended, 5) == WAIT_TIMEOUT && state.result == 99);
    EXPECT(ResumeThread(suspended) == 1);
    EXPECT(WaitForSingleObject(suspended, INFINITE) == WAIT_OBJECT_0);
    EXPECT(GetExitCodeThread(suspended, &code) && code == 7 && state.result == WAIT_OBJECT_0);
    HANDLE exiting = CreateThread(NULL, 0, exit_with, (LPVOID)(uintptr_t)42, 0, NULL);
    EXPECT(WaitForSingleObject(exiting, INFINITE) == WAIT_OBJECT_0);
    EXPECT(GetExitCodeThread(exiting, &code) && code == 42);
    EXPECT(CreateThread(NULL, 0, NULL, NULL, 0, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(CloseHandle(suspended) && CloseHandle(exiting) && CloseHandle(state.object));
    return 1;
}

CHECK(close_handle) {
    USES_SCRATCH;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    EXPECT(CloseHandle(event));
    EXPECT(!CloseHandle(event) && GetLastError() == ERROR_INVALID_HANDLE);
    EXPECT(!CloseHandle(NULL) && GetLastError() == ERROR_INVALID_HANDLE);
    EXPECT(!CloseHandle(INVALID_HANDLE_VALUE) && GetLastError() == ERROR_INVALID_HANDLE);
    EXPECT(!CloseHandle((HANDLE)&event) && GetLastError() == ERROR_INVALID_HANDLE); /* a forged value */
    EXPECT(WaitForSingleObject(event, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE);
    return 1;
}

CHECK(interlocked) {
    USES_SCRATCH;
    LONGLONG volatile wide = 5;
    EXPECT(InterlockedIncrement64(&wide) == 6 && InterlockedDecrement64(&wide) == 5);
    EXPECT(InterlockedExchangeAdd64(&wide, 10) == 5 && wide == 15);
    EXPECT(InterlockedCompareExchange64(&wide, 1, 15) == 15 && wide == 1);
    EXPECT(InterlockedExchange64(&wide, 3) == 1 && wide == 3);
    LONG volatile bits = 0x0F;
    EXPECT(InterlockedAnd(&bits, 0x3) == 0x0F && bits == 0x3);
    EXPECT(InterlockedOr(&bits, 0x10) == 0x3 && bits == 0x13);
    EXPECT(InterlockedXor(&bits, 0x1) == 0x13 && bits == 0x12);
    PVOID volatile pointer = NULL;
    int target;
    EXPECT(InterlockedCompareExchangePointer(&pointer, &target, NULL) == NULL && pointer == &target);
    EXPECT(InterlockedExchangePointer(&pointer, NULL) == &target && pointer == NULL);
    return 1;
}

static int filter_calls = 0;
static int count_filter(void) { filter_calls++; return EXCEPTION_EXECUTE_HANDLER; }

CHECK(structured_exceptions) {
    USES_SCRATCH;
    int body = 0, handler = 0, finally = 0;
    __try {
        body = 1;
    } __except (count_filter()) {
        handler = 1;
    }
    __try {
        body++;
    } __finally {
        finally = AbnormalTermination() ? -1 : 1;
    }
    EXPECT(body == 2 && handler == 0 && finally == 1 && filter_calls == 0);
    __try {
        body++;
    } __except (GetExceptionCode() == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
        handler = 2;
    }
    EXPECT(body == 3 && handler == 0);
    return 1;
}

static DWORD WINAPI try_enter(LPVOID parameter) {
    return TryEnterCriticalSection((LPCRITICAL_SECTION)parameter) ? 1 : 0;
}

CHECK(tls_alloc) {
    USES_SCRATCH;
    DWORD slot = TlsAlloc();
    EXPECT(slot != TLS_OUT_OF_INDEXES);
    SetLastError(5);
    EXPECT(TlsGetValue(slot) == NULL && GetLastError() == ERROR_SUCCESS); /* a stored NULL, told by the last error */
    int value;
    EXPECT(TlsSetValue(slot, &value) && TlsGetValue(slot) == &value);
    EXPECT(TlsFree(slot));
    return 1;
}

CHECK(try_enter_critical_section) {
    USES_SCRATCH;
    CRITICAL_SECTION section;
    EXPECT(InitializeCriticalSectionAndSpinCount(&section, 4000));
    EXPECT(TryEnterCriticalSection(&section) && TryEnterCriticalSection(&section)); /* recursive */
    HANDLE thread = CreateThread(NULL, 0, try_enter, &section, 0, NULL);
    DWORD code = 99;
    EXPECT(WaitForSingleObject(thread, INFINITE) == WAIT_OBJECT_0 && GetExitCodeThread(thread, &code) && code == 0);
    CloseHandle(thread);
    LeaveCriticalSection(&section);
    LeaveCriticalSection(&section);
    thread = CreateThread(NULL, 0, try_enter, &section, 0, NULL);
    EXPECT(WaitForSingleObject(thread, INFINITE) == WAIT_OBJECT_0 && GetExitCodeThread(thread, &code) && code == 1);
    CloseHandle(thread);
    return 1;
}

static SRWLOCK static_lock = SRWLOCK_INIT;

CHECK(srw_lock) {
    USES_SCRATCH;
    AcquireSRWLockShared(&static_lock);
    EXPECT(TryAcquireSRWLockShared(&static_lock));
    EXPECT(!TryAcquireSRWLockExclusive(&static_lock));
    ReleaseSRWLockShared(&static_lock);
    ReleaseSRWLockShared(&static_lock);
    SRWLOCK lock;
    InitializeSRWLock(&lock);
    AcquireSRWLockExclusive(&lock);
    EXPECT(!TryAcquireSRWLockShared(&lock));
    ReleaseSRWLockExclusive(&lock);
    EXPECT(TryAcquireSRWLockExclusive(&lock));
    ReleaseSRWLockExclusive(&lock);
    return 1;
}

static unsigned WINAPI crt_thread(void *parameter) { return *(unsigned *)parameter * 2; }
static void crt_thread_signal(void *event) { SetEvent((HANDLE)event); }

CHECK(begin_thread_ex) {
    USES_SCRATCH;
    unsigned input = 21, id = 0;
    uintptr_t thread = _beginthreadex(NULL, 0, crt_thread, &input, 0, &id);
    EXPECT(thread != 0 && id != 0);
    DWORD code = 0;
    EXPECT(WaitForSingleObject((HANDLE)thread, INFINITE) == WAIT_OBJECT_0 && GetExitCodeThread((HANDLE)thread, &code) && code == 42);
    EXPECT(CloseHandle((HANDLE)thread));
    EXPECT(_beginthreadex(NULL, 0, NULL, NULL, 0, NULL) == 0 && errno == EINVAL);
    HANDLE done = CreateEventA(NULL, TRUE, FALSE, NULL);
    EXPECT(_beginthread(crt_thread_signal, 0, done) != (uintptr_t)-1);
    EXPECT(WaitForSingleObject(done, INFINITE) == WAIT_OBJECT_0 && CloseHandle(done));
    return 1;
}

CHECK(get_system_info) {
    USES_SCRATCH;
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    EXPECT(info.dwNumberOfProcessors == (DWORD)sysconf(_SC_NPROCESSORS_ONLN) && info.dwPageSize == (DWORD)sysconf(_SC_PAGESIZE));
    EXPECT(info.dwAllocationGranularity == 65536 && info.dwActiveProcessorMask != 0);
    EXPECT(info.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64 || info.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM64);
    return 1;
}

static const win32_check_entry checks[] = {
    { "HeapAlloc", heap_alloc }, { "HeapReAlloc", heap_realloc }, { "HeapCreate", heap_create_destroy },
    { "LocalAlloc", local_global_alloc }, { "CreateMutex", create_mutex }, { "OpenMutex", open_mutex },
    { "ReleaseMutex", release_mutex }, { "WAIT_ABANDONED", abandoned_mutex }, { "CreateEvent", events },
    { "CreateSemaphore", semaphores }, { "WaitForMultipleObjects", wait_for_multiple_objects },
    { "CreateThread", create_thread }, { "CloseHandle", close_handle }, { "Interlocked", interlocked },
    { "__try", structured_exceptions }, { "TlsAlloc", tls_alloc }, { "TryEnterCriticalSection", try_enter_critical_section },
    { "AcquireSRWLockExclusive", srw_lock }, { "_beginthreadex", begin_thread_ex },
    { "GetSystemInfo", get_system_info },
};
WIN32_CHECKS_EXPORT(checks)
