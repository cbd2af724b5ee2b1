/* An ISAPI extension whose GetExtensionVersion refuses to load (FALSE, ERROR_ACCESS_DENIED). */
#include <windows.h>
#include <httpext.h>

BOOL WINAPI GetExtensionVersion(HSE_VERSION_INFO *version) {
    (void)version;
    SetLastError(ERROR_ACCESS_DENIED);
    return FALSE;
}

DWORD WINAPI HttpExtensionProc(EXTENSION_CONTROL_BLOCK *ecb) {
    (void)ecb;
    return HSE_STATUS_SUCCESS;
}
