/* isapi-bridge: direct.h, the MSVC directory functions over POSIX. _mkdir creates with mode 0777
 * (less the umask); _getdrive reports 3 ("C:"), as Linux has no drives. */
#ifndef ISAPI_BRIDGE_DIRECT_H
#define ISAPI_BRIDGE_DIRECT_H
#include <windows.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static inline int _mkdir(const char *path) { return mkdir(path, 0777); }
#define _rmdir rmdir
#define _chdir chdir
#define _getcwd getcwd
static inline int _getdrive(void) { return 3; }
#endif /* ISAPI_BRIDGE_DIRECT_H */
