/*
 * LD_PRELOAD shim for running `isapi-bridge serve` under valgrind 3.19 (Debian 12).
 *
 * Swift's async main parks the main thread in libdispatch's signal thread, which calls
 * sigsuspend() with a signal set in read-only memory. Valgrind 3.19 writes to the set it is
 * given and dies with SIGSEGV ("the 'impossible' happened"). This sigsuspend hands the kernel a
 * writable copy instead; nothing else changes.
 *
 *   cc -shared -fPIC -O2 sigsuspend_copy.c -o sigsuspend_copy.so
 */
#define _GNU_SOURCE
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>

int sigsuspend(const sigset_t *mask)
{
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, 8);
}
