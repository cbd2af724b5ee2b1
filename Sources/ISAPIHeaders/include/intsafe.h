/* isapi-bridge: intsafe.h, overflow-checked integer arithmetic and conversions. Each returns S_OK
 * with the result, or INTSAFE_E_ARITHMETIC_OVERFLOW with the result set to the type's error value
 * (ULONG_ERROR and friends: all bits set for unsigned types, -1 for signed ones), as the Windows
 * header documents. */
#ifndef ISAPI_BRIDGE_INTSAFE_H
#define ISAPI_BRIDGE_INTSAFE_H
#include <windows.h>

#define INTSAFE_E_ARITHMETIC_OVERFLOW ((HRESULT)0x80070216)
#define BYTE_ERROR ((BYTE)0xff)
#define USHORT_ERROR ((USHORT)0xffff)
#define WORD_ERROR ((WORD)0xffff)
#define UINT_ERROR ((UINT)0xffffffff)
#define ULONG_ERROR ((ULONG)0xffffffff)
#define DWORD_ERROR ((DWORD)0xffffffff)
#define ULONGLONG_ERROR ((ULONGLONG)0xffffffffffffffffULL)
#define SIZET_ERROR ((SIZE_T)-1)
#define INT_ERROR (-1)
#define LONG_ERROR (-1L)
#define LONGLONG_ERROR (-1LL)

#ifdef __cplusplus
extern "C" {
#endif

/* NAME##Add/Sub/Mult for one type. */
#define ISAPI_BRIDGE_INTSAFE_ARITHMETIC(NAME, TYPE, ERROR_VALUE)                              \
    static inline HRESULT NAME##Add(TYPE a, TYPE b, TYPE *result) {                          \
        if (__builtin_add_overflow(a, b, result)) { *result = ERROR_VALUE; return INTSAFE_E_ARITHMETIC_OVERFLOW; } \
        return S_OK;                                                                          \
    }                                                                                         \
    static inline HRESULT NAME##Sub(TYPE a, TYPE b, TYPE *result) {                          \
        if (__builtin_sub_overflow(a, b, result)) { *result = ERROR_VALUE; return INTSAFE_E_ARITHMETIC_OVERFLOW; } \
        return S_OK;                                                                          \
    }                                                                                         \
    static inline HRESULT NAME##Mult(TYPE a, TYPE b, TYPE *result) {                         \
        if (__builtin_mul_overflow(a, b, result)) { *result = ERROR_VALUE; return INTSAFE_E_ARITHMETIC_OVERFLOW; } \
        return S_OK;                                                                          \
    }
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(UShort, USHORT, USHORT_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(Word, WORD, WORD_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(UInt, UINT, UINT_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(ULong, ULONG, ULONG_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(DWord, DWORD, DWORD_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(ULongLong, ULONGLONG, ULONGLONG_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(SizeT, size_t, SIZET_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(Int, INT, INT_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(Long, LONG, LONG_ERROR)
ISAPI_BRIDGE_INTSAFE_ARITHMETIC(LongLong, LONGLONG, LONGLONG_ERROR)
#undef ISAPI_BRIDGE_INTSAFE_ARITHMETIC

/* FROMToTO conversions: S_OK when the value fits the target type. */
#define ISAPI_BRIDGE_INTSAFE_CONVERSION(FROM_NAME, FROM, TO_NAME, TO, ERROR_VALUE)         \
    static inline HRESULT FROM_NAME##To##TO_NAME(FROM value, TO *result) {                 \
        TO converted;                                                                      \
        /* value + 0 computed exactly: overflow means it does not fit TO. */               \
        if (__builtin_add_overflow(value, 0, &converted)) {                                \
            *result = ERROR_VALUE;                                                         \
            return INTSAFE_E_ARITHMETIC_OVERFLOW;                                          \
        }                                                                                  \
        *result = converted;                                                               \
        return S_OK;                                                                       \
    }
ISAPI_BRIDGE_INTSAFE_CONVERSION(ULongLong, ULONGLONG, ULong, ULONG, ULONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(ULongLong, ULONGLONG, DWord, DWORD, DWORD_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(ULongLong, ULONGLONG, UInt, UINT, UINT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(ULongLong, ULONGLONG, SizeT, size_t, SIZET_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(SizeT, size_t, ULong, ULONG, ULONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(SizeT, size_t, DWord, DWORD, DWORD_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(SizeT, size_t, UInt, UINT, UINT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(SizeT, size_t, Int, INT, INT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(SizeT, size_t, Long, LONG, LONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(ULong, ULONG, UShort, USHORT, USHORT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(ULong, ULONG, Int, INT, INT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(ULong, ULONG, Long, LONG, LONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(DWord, DWORD, Int, INT, INT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(DWord, DWORD, Long, LONG, LONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(Int, INT, UInt, UINT, UINT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(Int, INT, ULong, ULONG, ULONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(Int, INT, DWord, DWORD, DWORD_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(Long, LONG, ULong, ULONG, ULONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(Long, LONG, DWord, DWORD, DWORD_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(LongLong, LONGLONG, Long, LONG, LONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(LongLong, LONGLONG, Int, INT, INT_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(LongLong, LONGLONG, ULong, ULONG, ULONG_ERROR)
ISAPI_BRIDGE_INTSAFE_CONVERSION(LongLong, LONGLONG, DWord, DWORD, DWORD_ERROR)
#undef ISAPI_BRIDGE_INTSAFE_CONVERSION

#ifdef __cplusplus
}
#endif
#endif /* ISAPI_BRIDGE_INTSAFE_H */
