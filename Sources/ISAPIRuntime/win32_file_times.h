/* What the file functions and the directory listing share (private to ISAPIRuntime). */
#ifndef ISAPI_BRIDGE_WIN32_FILE_TIMES_H
#define ISAPI_BRIDGE_WIN32_FILE_TIMES_H
#include <sys/stat.h>
#include <time.h>
#include <windows.h>

/* The Windows attributes of a file (see win32_files.c). */
DWORD w32_attributes(const struct stat *status, const char *path);
/* A POSIX time as a FILETIME: 100 ns ticks since 1601-01-01 UTC. Linux keeps no creation time
 * everywhere: the creation time reported is the last write time. */
FILETIME w32_filetime(struct timespec time);

#endif
