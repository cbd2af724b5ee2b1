/* isapi-bridge: process.h. _getpid is getpid. The thread starters (_beginthread, _beginthreadex)
 * belong with the kernel-object layer (CreateThread) and are not here. */
#ifndef ISAPI_BRIDGE_PROCESS_H
#define ISAPI_BRIDGE_PROCESS_H
#include <windows.h>
#include <unistd.h>

#define _getpid getpid
#endif /* ISAPI_BRIDGE_PROCESS_H */
