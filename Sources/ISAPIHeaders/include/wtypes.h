/* isapi-bridge: wtypes.h. Its base types (BOOL, DWORD, LARGE_INTEGER, FILETIME, SYSTEMTIME, GUID,
 * OLECHAR...) come with windows.h here; the COM automation types (BSTR, VARIANT) are not provided. */
#ifndef ISAPI_BRIDGE_WTYPES_H
#define ISAPI_BRIDGE_WTYPES_H
#include <windows.h>
#endif /* ISAPI_BRIDGE_WTYPES_H */
