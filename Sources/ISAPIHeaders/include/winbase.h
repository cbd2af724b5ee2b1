/* isapi-bridge: winbase.h. Its kernel32 declarations are in windows.h (isapi_bridge_win32_*.h). */
#include <windows.h>
