/* isapi-bridge: objbase.h. There is no COM on Linux: what is here is what code uses without
 * creating COM objects: GUIDs and their text (StringFromGUID2, IsEqualGUID, from windows.h),
 * OLECHAR strings, and CoTaskMemAlloc/CoTaskMemRealloc/CoTaskMemFree over malloc. */
#ifndef ISAPI_BRIDGE_OBJBASE_H
#define ISAPI_BRIDGE_OBJBASE_H
#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif
static inline LPVOID CoTaskMemAlloc(SIZE_T size) { return malloc(size ? size : 1); }
static inline LPVOID CoTaskMemRealloc(LPVOID block, SIZE_T size) { return realloc(block, size ? size : 1); }
static inline void CoTaskMemFree(LPVOID block) { free(block); }
#ifdef __cplusplus
}
#endif
#endif /* ISAPI_BRIDGE_OBJBASE_H */
