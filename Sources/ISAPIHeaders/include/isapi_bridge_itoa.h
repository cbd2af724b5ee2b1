/* isapi-bridge: the MSVC CRT integer-to-text conversions (_itoa, _ltoa, _ultoa and their _s forms,
 * the old names itoa, ltoa, ultoa; _itow_s, _ltow_s, _ultow_s, _itow, _ltow into WCHAR buffers, and in
 * C++ also into wchar_t ones). glibc has none of them. As in MSVC: radix 2 to 36, lowercase digits, and a minus sign
 * only in radix 10 (other radixes show a negative value's two's complement). The _s forms return
 * EINVAL for a bad argument and ERANGE when the buffer is too small, leaving "" there.
 * Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_ITOA_H
#define ISAPI_BRIDGE_ITOA_H

/* Digits of `magnitude` in `radix` (and a leading '-' when `negative`), terminated, into `text`
 * of `size` units; 0, EINVAL or ERANGE. */
#define ISAPI_BRIDGE_DEFINE_TO_TEXT(NAME, UNIT)                                                   \
    static inline int NAME(unsigned long long magnitude, int negative, UNIT *text, size_t size, \
                           int radix) {                                                        \
        char digits[66];                                                                       \
        size_t count = 0;                                                                      \
        if (!text || !size) return EINVAL;                                                     \
        if (radix < 2 || radix > 36) { text[0] = 0; return EINVAL; }                           \
        do {                                                                                   \
            digits[count++] = "0123456789abcdefghijklmnopqrstuvwxyz"[magnitude % (unsigned)radix]; \
            magnitude /= (unsigned)radix;                                                      \
        } while (magnitude);                                                                   \
        if (negative) digits[count++] = '-';                                                   \
        if (count + 1 > size) { text[0] = 0; return ERANGE; }                                  \
        for (size_t index = 0; index < count; index++) text[index] = (UNIT)digits[count - 1 - index]; \
        text[count] = 0;                                                                       \
        return 0;                                                                              \
    }
ISAPI_BRIDGE_DEFINE_TO_TEXT(isapi_bridge_to_text, char)

/* The magnitude and sign MSVC prints for `value` of a type `bits` wide in `radix`. */
static inline unsigned long long isapi_bridge_magnitude(long long value, int bits, int radix, int *negative) {
    *negative = radix == 10 && value < 0;
    if (*negative) return 0ULL - (unsigned long long)value;
    return bits >= 64 ? (unsigned long long)value : (unsigned long long)value & ((1ULL << bits) - 1);
}

/* The buffer-size-less forms assume room for any value (33 characters for 32 bits in radix 2). */
#define ISAPI_BRIDGE_UNCHECKED_SIZE 66

static inline int _itoa_s(int value, char *buffer, size_t size, int radix) {
    int negative;
    unsigned long long magnitude = isapi_bridge_magnitude(value, 32, radix, &negative);
    return isapi_bridge_to_text(magnitude, negative, buffer, size, radix);
}
static inline int _ltoa_s(long value, char *buffer, size_t size, int radix) {
    /* long is 32-bit on Windows; a 64-bit Linux long keeps its value. */
    int negative;
    unsigned long long magnitude = isapi_bridge_magnitude(value, (int)(8 * sizeof(long)), radix, &negative);
    return isapi_bridge_to_text(magnitude, negative, buffer, size, radix);
}
static inline int _ultoa_s(unsigned long value, char *buffer, size_t size, int radix) {
    return isapi_bridge_to_text(value, 0, buffer, size, radix);
}
static inline char *_itoa(int value, char *buffer, int radix) {
    _itoa_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
static inline char *_ltoa(long value, char *buffer, int radix) {
    _ltoa_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
static inline char *_ultoa(unsigned long value, char *buffer, int radix) {
    _ultoa_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
#define itoa _itoa
#define ltoa _ltoa
#define ultoa _ultoa

#ifndef __cplusplus
/* C: the wide forms write WCHAR (UTF-16) units. */
ISAPI_BRIDGE_DEFINE_TO_TEXT(isapi_bridge_to_wide_text, WCHAR)
static inline int _itow_s(int value, WCHAR *buffer, size_t size, int radix) {
    int negative;
    unsigned long long magnitude = isapi_bridge_magnitude(value, 32, radix, &negative);
    return isapi_bridge_to_wide_text(magnitude, negative, buffer, size, radix);
}
static inline int _ltow_s(long value, WCHAR *buffer, size_t size, int radix) {
    int negative;
    unsigned long long magnitude = isapi_bridge_magnitude(value, (int)(8 * sizeof(long)), radix, &negative);
    return isapi_bridge_to_wide_text(magnitude, negative, buffer, size, radix);
}
static inline int _ultow_s(unsigned long value, WCHAR *buffer, size_t size, int radix) {
    return isapi_bridge_to_wide_text(value, 0, buffer, size, radix);
}
static inline WCHAR *_itow(int value, WCHAR *buffer, int radix) {
    _itow_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
static inline WCHAR *_ltow(long value, WCHAR *buffer, int radix) {
    _ltow_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
#else
ISAPI_BRIDGE_DEFINE_TO_TEXT(isapi_bridge_to_text, char16_t)
ISAPI_BRIDGE_DEFINE_TO_TEXT(isapi_bridge_to_text, wchar_t)

template <typename Unit>
static inline int _itow_s(int value, Unit *buffer, size_t size, int radix) {
    int negative;
    unsigned long long magnitude = isapi_bridge_magnitude(value, 32, radix, &negative);
    return isapi_bridge_to_text(magnitude, negative, buffer, size, radix);
}
template <typename Unit>
static inline int _ltow_s(long value, Unit *buffer, size_t size, int radix) {
    int negative;
    unsigned long long magnitude = isapi_bridge_magnitude(value, (int)(8 * sizeof(long)), radix, &negative);
    return isapi_bridge_to_text(magnitude, negative, buffer, size, radix);
}
template <typename Unit>
static inline int _ultow_s(unsigned long value, Unit *buffer, size_t size, int radix) {
    return isapi_bridge_to_text(value, 0, buffer, size, radix);
}
template <typename Unit> static inline Unit *_itow(int value, Unit *buffer, int radix) {
    _itow_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
template <typename Unit> static inline Unit *_ltow(long value, Unit *buffer, int radix) {
    _ltow_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
#endif

#endif /* ISAPI_BRIDGE_ITOA_H */
