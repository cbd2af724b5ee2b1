/* An ISAPI extension that exports GetExtensionVersion but not HttpExtensionProc. */
#include <windows.h>
#include <httpext.h>

BOOL WINAPI GetExtensionVersion(HSE_VERSION_INFO *version) {
    version->dwExtensionVersion = MAKELONG(0, 8);
    return TRUE;
}
