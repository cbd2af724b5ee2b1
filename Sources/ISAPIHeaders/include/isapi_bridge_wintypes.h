/* isapi-bridge: the basetsd.h/winnt.h/minwinbase.h types beyond windows.h's core set: the sized
 * integers (UINT16, INT64, __int64...), boolean, errno_t, LARGE_INTEGER and ULARGE_INTEGER (their
 * halves reachable as .LowPart and as .u.LowPart, as in the SDK), SYSTEMTIME and
 * TIME_ZONE_INFORMATION, and the HRESULT and Win32 error macros ported code tests for.
 * Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_WINTYPES_H
#define ISAPI_BRIDGE_WINTYPES_H

typedef int8_t INT8, *PINT8;
typedef int16_t INT16, *PINT16;
typedef int32_t INT32, *PINT32;
typedef int64_t INT64, *PINT64;
typedef uint8_t UINT8, *PUINT8;
typedef uint16_t UINT16, *PUINT16;
typedef uint32_t UINT32, *PUINT32;
typedef uint64_t UINT64, *PUINT64;
typedef int32_t LONG32, *PLONG32;
typedef uint32_t ULONG32, *PULONG32;
typedef uint64_t DWORDLONG, *PDWORDLONG;
typedef int64_t *PLONGLONG;
typedef uint64_t *PULONGLONG;
typedef uint64_t *PULONG64;
typedef int64_t *PLONG64;
typedef DWORD *PDWORD32;
typedef int16_t *PSHORT;
typedef USHORT *PUSHORT;
typedef UCHAR *PUCHAR;
typedef BOOLEAN *PBOOLEAN;
/* rpcndr.h's boolean: one byte. */
typedef unsigned char boolean;
/* The MSVC CRT's error-number type (the *_s functions return it). */
typedef int errno_t;

/* MSVC's sized integer keywords, for `__int64 x` and `unsigned __int64 y`. */
#ifndef __int8
#define __int8 char
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int64
#define __int64 long long
#endif

/* As in winnt.h: the anonymous struct gives .LowPart/.HighPart, the named one .u.LowPart. */
typedef union _LARGE_INTEGER {
    struct { DWORD LowPart; LONG HighPart; };
    struct { DWORD LowPart; LONG HighPart; } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
typedef union _ULARGE_INTEGER {
    struct { DWORD LowPart; DWORD HighPart; };
    struct { DWORD LowPart; DWORD HighPart; } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;     /* 1 = January */
    WORD wDayOfWeek; /* 0 = Sunday */
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

/* Only its layout: SystemTimeToTzSpecificLocalTime accepts NULL (the host's time zone) only. */
typedef struct _TIME_ZONE_INFORMATION {
    LONG Bias;
    WCHAR StandardName[32];
    SYSTEMTIME StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    SYSTEMTIME DaylightDate;
    LONG DaylightBias;
} TIME_ZONE_INFORMATION, *PTIME_ZONE_INFORMATION, *LPTIME_ZONE_INFORMATION;

/* ---- HRESULT anatomy (winerror.h) ---------------------------------------------------------- */
#define SEVERITY_SUCCESS 0
#define SEVERITY_ERROR 1
#define FACILITY_NULL 0
#define FACILITY_RPC 1
#define FACILITY_DISPATCH 2
#define FACILITY_STORAGE 3
#define FACILITY_ITF 4
#define FACILITY_WIN32 7
#define FACILITY_WINDOWS 8
#define HRESULT_CODE(hr) ((hr) & 0xFFFF)
#define SCODE_CODE(sc) ((sc) & 0xFFFF)
#define HRESULT_FACILITY(hr) (((hr) >> 16) & 0x1FFF)
#define SCODE_FACILITY(sc) (((sc) >> 16) & 0x1FFF)
#define HRESULT_SEVERITY(hr) (((hr) >> 31) & 0x1)
#define SCODE_SEVERITY(sc) (((sc) >> 31) & 0x1)
#define IS_ERROR(status) ((uint32_t)(status) >> 31 == SEVERITY_ERROR)
#define MAKE_HRESULT(sev, fac, code) \
    ((HRESULT)(((uint32_t)(sev) << 31) | ((uint32_t)(fac) << 16) | ((uint32_t)(code))))
#define MAKE_SCODE(sev, fac, code) MAKE_HRESULT(sev, fac, code)
#ifndef E_UNEXPECTED
#define E_UNEXPECTED ((HRESULT)0x8000FFFF)
#endif
#ifndef E_NOINTERFACE
#define E_NOINTERFACE ((HRESULT)0x80004002)
#endif
#ifndef E_ABORT
#define E_ABORT ((HRESULT)0x80004004)
#endif
#ifndef E_ACCESSDENIED
#define E_ACCESSDENIED ((HRESULT)0x80070005)
#endif
#ifndef E_HANDLE
#define E_HANDLE ((HRESULT)0x80070006)
#endif

/* ---- More Win32 error codes (standard values) ----------------------------------------------- */
#ifndef ERROR_BAD_ENVIRONMENT
#define ERROR_BAD_ENVIRONMENT 10
#endif
#ifndef ERROR_BUFFER_OVERFLOW
#define ERROR_BUFFER_OVERFLOW 111
#endif
#ifndef ERROR_ENVVAR_NOT_FOUND
#define ERROR_ENVVAR_NOT_FOUND 203
#endif
#ifndef ERROR_INVALID_FLAGS
#define ERROR_INVALID_FLAGS 1004
#endif
#ifndef ERROR_NO_UNICODE_TRANSLATION
#define ERROR_NO_UNICODE_TRANSLATION 1113
#endif
#ifndef ERROR_NOT_FOUND
#define ERROR_NOT_FOUND 1168
#endif
#ifndef ERROR_TIMEOUT
#define ERROR_TIMEOUT 1460
#endif

#endif /* ISAPI_BRIDGE_WINTYPES_H */
