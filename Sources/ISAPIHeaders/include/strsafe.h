/* isapi-bridge: strsafe.h, the narrow (A) StringCb and StringCch functions filters use, e.g. to fill
 * HTTP_FILTER_VERSION::lpszFilterDesc. Results are always terminated; truncation returns
 * STRSAFE_E_INSUFFICIENT_BUFFER with the truncated text in place, as on Windows. The generic names map
 * to the A functions (filters are ANSI). */
#ifndef ISAPI_BRIDGE_STRSAFE_H
#define ISAPI_BRIDGE_STRSAFE_H
#include <windows.h>

#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007A)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057)
#define STRSAFE_MAX_CCH 2147483647

#ifdef __cplusplus
extern "C" {
#endif

static inline HRESULT StringCchVPrintfA(LPSTR destination, size_t count, LPCSTR format, va_list arguments) {
    if (!destination || count == 0 || count > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    int written = vsnprintf(destination, count, format, arguments);
    if (written < 0) { destination[0] = '\0'; return STRSAFE_E_INVALID_PARAMETER; }
    return (size_t)written < count ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
}
static inline HRESULT StringCchPrintfA(LPSTR destination, size_t count, LPCSTR format, ...) {
    va_list arguments;
    va_start(arguments, format);
    HRESULT result = StringCchVPrintfA(destination, count, format, arguments);
    va_end(arguments);
    return result;
}
static inline HRESULT StringCchCopyA(LPSTR destination, size_t count, LPCSTR source) {
    return StringCchPrintfA(destination, count, "%s", source ? source : "");
}
static inline HRESULT StringCchCatA(LPSTR destination, size_t count, LPCSTR source) {
    if (!destination || count == 0 || count > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    size_t used = 0;
    while (used < count && destination[used]) used++;
    if (used == count) return STRSAFE_E_INVALID_PARAMETER;
    return StringCchCopyA(destination + used, count - used, source);
}
static inline HRESULT StringCchLengthA(LPCSTR text, size_t limit, size_t *length) {
    if (!text || limit > STRSAFE_MAX_CCH) { if (length) *length = 0; return STRSAFE_E_INVALID_PARAMETER; }
    size_t count = 0;
    while (count < limit && text[count]) count++;
    if (length) *length = count < limit ? count : 0;
    return count < limit ? S_OK : STRSAFE_E_INVALID_PARAMETER;
}

#ifdef __cplusplus
}
#endif

/* For char strings a byte count is a character count. */
#define StringCbCopyA StringCchCopyA
#define StringCbCatA StringCchCatA
#define StringCbPrintfA StringCchPrintfA
#define StringCbVPrintfA StringCchVPrintfA
#define StringCbLengthA StringCchLengthA
#define StringCchCopy StringCchCopyA
#define StringCchCat StringCchCatA
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCchLength StringCchLengthA
#define StringCbCopy StringCchCopyA
#define StringCbCat StringCchCatA
#define StringCbPrintf StringCchPrintfA
#define StringCbVPrintf StringCchVPrintfA
#define StringCbLength StringCchLengthA

#endif /* ISAPI_BRIDGE_STRSAFE_H */
