/* isapi-bridge: initguid.h. After it, DEFINE_GUID defines the GUID (a weak symbol, so several
 * translation units may do it, like __declspec(selectany)); without it, DEFINE_GUID declares it. */
#ifndef ISAPI_BRIDGE_INITGUID_H
#define ISAPI_BRIDGE_INITGUID_H
#include <windows.h>
#ifndef INITGUID
#define INITGUID
#endif
#undef DEFINE_GUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    ISAPI_BRIDGE_GUID_DEFINITION const GUID __attribute__((weak)) name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#endif /* ISAPI_BRIDGE_INITGUID_H */
