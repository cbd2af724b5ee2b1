/* isapi-bridge: share.h, the _SH_* flags of _fsopen (defined with it in windows.h). Linux has no
 * mandatory sharing modes: _fsopen accepts the flag and ignores it. */
#ifndef ISAPI_BRIDGE_SHARE_H
#define ISAPI_BRIDGE_SHARE_H
#include <windows.h>
#endif /* ISAPI_BRIDGE_SHARE_H */
