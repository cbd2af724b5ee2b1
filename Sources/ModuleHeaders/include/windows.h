/* isapi-bridge: windows.h for IIS native modules. Guarded so it can be merged with the filter-side
 * windows.h shim: both define the same names behind the ISAPI_BRIDGE_WIN_* group guards. */
#ifndef ISAPI_BRIDGE_WINDOWS_H
#define ISAPI_BRIDGE_WINDOWS_H
#include "isapi_bridge_win_types.h"
#endif
