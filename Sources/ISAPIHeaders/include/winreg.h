/* isapi-bridge: winreg.h — the registry functions windows.h already declares
 * (isapi_bridge_win32_registry.h). */
#include <windows.h>
