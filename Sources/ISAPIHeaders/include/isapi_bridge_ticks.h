/* isapi-bridge: the kernel32 timing calls samples use: Sleep (the calling thread waits; in a
 * module that is a request's event-loop thread, so other requests on it wait too),
 * GetTickCount and GetTickCount64 (milliseconds of the monotonic clock; GetTickCount wraps
 * after 49.7 days as on Windows), QueryPerformanceCounter/QueryPerformanceFrequency. They need POSIX clocks: under a strict ISO C mode (-std=c99,
 * where <time.h> declares no CLOCK_MONOTONIC) they are left out.
 * Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_TICKS_H
#define ISAPI_BRIDGE_TICKS_H
#include <time.h>
#ifdef CLOCK_MONOTONIC

static inline VOID Sleep(DWORD milliseconds) {
    struct timespec wait = { (time_t)(milliseconds / 1000), (long)(milliseconds % 1000) * 1000000L };
    while (nanosleep(&wait, &wait) != 0 && errno == EINTR) {}
}
static inline ULONGLONG GetTickCount64(VOID) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (ULONGLONG)now.tv_sec * 1000ULL + (ULONGLONG)now.tv_nsec / 1000000ULL;
}
static inline DWORD GetTickCount(VOID) { return (DWORD)GetTickCount64(); }

/* The performance counter is the monotonic clock in nanoseconds: frequency 1 000 000 000. Both
 * always succeed (as on Windows XP and later). */
static inline BOOL QueryPerformanceFrequency(LARGE_INTEGER *frequency) {
    frequency->QuadPart = 1000000000LL;
    return TRUE;
}
static inline BOOL QueryPerformanceCounter(LARGE_INTEGER *count) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    count->QuadPart = (LONGLONG)now.tv_sec * 1000000000LL + now.tv_nsec;
    return TRUE;
}
#endif

#endif /* ISAPI_BRIDGE_TICKS_H */
