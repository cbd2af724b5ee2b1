/* isapi-bridge: kernel32's clock and calendar functions and the MSVC CRT's *_s time functions.
 *
 * FILETIME counts 100-nanosecond intervals since 1601-01-01 UTC; SYSTEMTIME is its calendar form
 * (the conversions are plain arithmetic, valid for the years 1601 to 30827 as on Windows). "Local"
 * is the host's time zone (TZ, /etc/localtime). SystemTimeToTzSpecificLocalTime takes NULL (the
 * host's zone) or a zone without daylight saving time (DaylightDate.wMonth == 0); a zone with DST
 * rules fails with ERROR_NOT_SUPPORTED. Thread and process ids are the kernel's (gettid, getpid), as
 * `ps -L` shows them. Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_TIME_H
#define ISAPI_BRIDGE_TIME_H
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Strict ISO C modes (-std=c99) hide these POSIX functions; the C library has them. */
#if !defined(__cplusplus) && !defined(_POSIX_C_SOURCE)
struct tm *localtime_r(const time_t *timer, struct tm *result);
struct tm *gmtime_r(const time_t *timer, struct tm *result);
#endif
#if !defined(__cplusplus) && !defined(__USE_MISC) && defined(__GLIBC__)
long syscall(long number, ...);
#endif
#if !defined(__cplusplus) && !defined(_POSIX_C_SOURCE)
int gethostname(char *name, size_t length);
#endif

#define ISAPI_BRIDGE_TICKS_PER_SECOND 10000000LL
#define ISAPI_BRIDGE_TICKS_PER_DAY 864000000000LL
/* Days from 1601-01-01 to 1970-01-01. */
#define ISAPI_BRIDGE_DAYS_1601_TO_1970 134774LL

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
static inline long long isapi_bridge_days_from_civil(long long year, unsigned month, unsigned day) {
    year -= month <= 2;
    long long era = (year >= 0 ? year : year - 399) / 400;
    long long yearOfEra = year - era * 400;
    long long dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}
/* The date of a day count since 1970-01-01. */
static inline void isapi_bridge_civil_from_days(long long days, long long *year, unsigned *month, unsigned *day) {
    days += 719468;
    long long era = (days >= 0 ? days : days - 146096) / 146097;
    long long dayOfEra = days - era * 146097;
    long long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    long long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long long shiftedMonth = (5 * dayOfYear + 2) / 153;
    *day = (unsigned)(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    *month = (unsigned)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    *year = yearOfEra + era * 400 + (*month <= 2);
}

static inline ULONGLONG isapi_bridge_filetime_ticks(const FILETIME *time) {
    return ((ULONGLONG)time->dwHighDateTime << 32) | time->dwLowDateTime;
}
static inline void isapi_bridge_set_filetime(FILETIME *time, ULONGLONG ticks) {
    time->dwLowDateTime = (DWORD)ticks;
    time->dwHighDateTime = (DWORD)(ticks >> 32);
}

/* The current time: seconds since 1970 and nanoseconds. */
static inline void isapi_bridge_now(time_t *seconds, long *nanoseconds) {
#if defined(CLOCK_REALTIME)
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    *seconds = now.tv_sec;
    *nanoseconds = now.tv_nsec;
#elif defined(TIME_UTC)
    struct timespec now;
    timespec_get(&now, TIME_UTC);
    *seconds = now.tv_sec;
    *nanoseconds = now.tv_nsec;
#else
    *seconds = time(NULL);
    *nanoseconds = 0;
#endif
}

static inline VOID GetSystemTimeAsFileTime(FILETIME *systemTime) {
    time_t seconds;
    long nanoseconds;
    isapi_bridge_now(&seconds, &nanoseconds);
    ULONGLONG ticks = (ULONGLONG)(seconds + ISAPI_BRIDGE_DAYS_1601_TO_1970 * 86400) * ISAPI_BRIDGE_TICKS_PER_SECOND
                      + (ULONGLONG)nanoseconds / 100;
    isapi_bridge_set_filetime(systemTime, ticks);
}

/* FALSE with ERROR_INVALID_PARAMETER for a FILETIME of 0x8000000000000000 or more (as Windows). */
static inline BOOL FileTimeToSystemTime(const FILETIME *fileTime, SYSTEMTIME *systemTime) {
    if (!fileTime || !systemTime) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    ULONGLONG ticks = isapi_bridge_filetime_ticks(fileTime);
    if (ticks >= 0x8000000000000000ULL) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    long long days = (long long)(ticks / ISAPI_BRIDGE_TICKS_PER_DAY);
    ULONGLONG rest = ticks % ISAPI_BRIDGE_TICKS_PER_DAY;
    long long year;
    unsigned month, day;
    isapi_bridge_civil_from_days(days - ISAPI_BRIDGE_DAYS_1601_TO_1970, &year, &month, &day);
    systemTime->wYear = (WORD)year;
    systemTime->wMonth = (WORD)month;
    systemTime->wDay = (WORD)day;
    systemTime->wDayOfWeek = (WORD)((days + 1) % 7); /* 1601-01-01 was a Monday */
    systemTime->wHour = (WORD)(rest / (3600 * ISAPI_BRIDGE_TICKS_PER_SECOND));
    systemTime->wMinute = (WORD)(rest / (60 * ISAPI_BRIDGE_TICKS_PER_SECOND) % 60);
    systemTime->wSecond = (WORD)(rest / ISAPI_BRIDGE_TICKS_PER_SECOND % 60);
    systemTime->wMilliseconds = (WORD)(rest / 10000 % 1000);
    return TRUE;
}

static inline int isapi_bridge_days_in_month(unsigned year, unsigned month) {
    static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 ? 28 + leap : days[month - 1];
}

/* wDayOfWeek is ignored; any other field out of range is FALSE with ERROR_INVALID_PARAMETER. */
static inline BOOL SystemTimeToFileTime(const SYSTEMTIME *systemTime, FILETIME *fileTime) {
    if (!systemTime || !fileTime) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    const SYSTEMTIME *t = systemTime;
    if (t->wYear < 1601 || t->wYear > 30827 || t->wMonth < 1 || t->wMonth > 12 || t->wDay < 1 ||
        t->wDay > isapi_bridge_days_in_month(t->wYear, t->wMonth) || t->wHour > 23 || t->wMinute > 59 ||
        t->wSecond > 59 || t->wMilliseconds > 999) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    long long days = isapi_bridge_days_from_civil(t->wYear, t->wMonth, t->wDay) + ISAPI_BRIDGE_DAYS_1601_TO_1970;
    ULONGLONG seconds = (ULONGLONG)days * 86400 + t->wHour * 3600u + t->wMinute * 60u + t->wSecond;
    isapi_bridge_set_filetime(fileTime, seconds * ISAPI_BRIDGE_TICKS_PER_SECOND + t->wMilliseconds * 10000ULL);
    return TRUE;
}

/* Seconds east of UTC of the host's zone at `when`, from the broken-down local time. */
static inline long long isapi_bridge_utc_offset(time_t when) {
    struct tm local;
    if (!localtime_r(&when, &local)) return 0;
    long long localSeconds = isapi_bridge_days_from_civil(local.tm_year + 1900LL, (unsigned)local.tm_mon + 1,
                                                          (unsigned)local.tm_mday) * 86400
                             + local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec;
    return localSeconds - (long long)when;
}

static inline VOID GetSystemTime(SYSTEMTIME *systemTime) {
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    FileTimeToSystemTime(&now, systemTime);
}

static inline VOID GetLocalTime(SYSTEMTIME *localTime) {
    time_t seconds;
    long nanoseconds;
    isapi_bridge_now(&seconds, &nanoseconds);
    long long local = (long long)seconds + isapi_bridge_utc_offset(seconds);
    FILETIME time;
    isapi_bridge_set_filetime(&time, (ULONGLONG)(local + ISAPI_BRIDGE_DAYS_1601_TO_1970 * 86400) *
                                         ISAPI_BRIDGE_TICKS_PER_SECOND + (ULONGLONG)nanoseconds / 100);
    FileTimeToSystemTime(&time, localTime);
}

/* The UTC time `universal` in the zone `zone` (NULL: the host's). */
static inline BOOL SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION *zone, const SYSTEMTIME *universal,
                                                   SYSTEMTIME *local) {
    FILETIME time;
    if (!local || !SystemTimeToFileTime(universal, &time)) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    if (zone && zone->DaylightDate.wMonth != 0) { SetLastError(ERROR_NOT_SUPPORTED); return FALSE; }
    long long ticks = (long long)isapi_bridge_filetime_ticks(&time);
    long long offsetSeconds;
    if (zone) {
        offsetSeconds = -60LL * (zone->Bias + zone->StandardBias);
    } else {
        long long unixSeconds = ticks / ISAPI_BRIDGE_TICKS_PER_SECOND - ISAPI_BRIDGE_DAYS_1601_TO_1970 * 86400;
        offsetSeconds = isapi_bridge_utc_offset((time_t)unixSeconds);
    }
    ticks += offsetSeconds * ISAPI_BRIDGE_TICKS_PER_SECOND;
    if (ticks < 0) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    isapi_bridge_set_filetime(&time, (ULONGLONG)ticks);
    return FileTimeToSystemTime(&time, local);
}

#define TIME_ZONE_ID_INVALID ((DWORD)0xFFFFFFFF)
#define TIME_ZONE_ID_UNKNOWN 0
#define TIME_ZONE_ID_STANDARD 1
#define TIME_ZONE_ID_DAYLIGHT 2
/* The host's zone as it is now: Bias is its current offset (minutes, UTC = local + Bias) and the
 * name its abbreviation; no transition dates (Linux keeps them in tzdata, not in this structure),
 * so the answer is TIME_ZONE_ID_UNKNOWN, which SystemTimeToTzSpecificLocalTime applies as given. */
static inline DWORD GetTimeZoneInformation(TIME_ZONE_INFORMATION *zone) {
    if (!zone) { SetLastError(ERROR_INVALID_PARAMETER); return TIME_ZONE_ID_INVALID; }
    memset(zone, 0, sizeof *zone);
    time_t now = time(NULL);
    zone->Bias = (LONG)(-isapi_bridge_utc_offset(now) / 60);
    char name[32];
    struct tm local;
    if (localtime_r(&now, &local) && strftime(name, sizeof name, "%Z", &local) > 0) {
        for (size_t index = 0; name[index] && index < 31; index++) {
            zone->StandardName[index] = (WCHAR)(unsigned char)name[index];
        }
    }
    return TIME_ZONE_ID_UNKNOWN;
}

/* The host zone's current offset, applied as Windows does (the bias now, not at that date). */
static inline BOOL FileTimeToLocalFileTime(const FILETIME *fileTime, FILETIME *localFileTime) {
    if (!fileTime || !localFileTime) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    long long offset = isapi_bridge_utc_offset(time(NULL)) * ISAPI_BRIDGE_TICKS_PER_SECOND;
    isapi_bridge_set_filetime(localFileTime, isapi_bridge_filetime_ticks(fileTime) + (ULONGLONG)offset);
    return TRUE;
}
static inline BOOL LocalFileTimeToFileTime(const FILETIME *localFileTime, FILETIME *fileTime) {
    if (!fileTime || !localFileTime) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    long long offset = isapi_bridge_utc_offset(time(NULL)) * ISAPI_BRIDGE_TICKS_PER_SECOND;
    isapi_bridge_set_filetime(fileTime, isapi_bridge_filetime_ticks(localFileTime) - (ULONGLONG)offset);
    return TRUE;
}
/* -1, 0 or 1. */
static inline LONG CompareFileTime(const FILETIME *first, const FILETIME *second) {
    ULONGLONG a = isapi_bridge_filetime_ticks(first), b = isapi_bridge_filetime_ticks(second);
    return a < b ? -1 : a > b ? 1 : 0;
}

/* ---- The CRT's *_s time functions (MSVC argument order: destination first) ---------------- */

/* EINVAL when either pointer is NULL or the time is negative (the fields are then -1). */
static inline errno_t isapi_bridge_broken_down(struct tm *destination, const time_t *source, int local) {
    if (!destination) { errno = EINVAL; return EINVAL; }
    if (!source || *source < 0) {
        memset(destination, 0, sizeof *destination);
        destination->tm_sec = destination->tm_min = destination->tm_hour = destination->tm_mday = -1;
        destination->tm_mon = destination->tm_year = destination->tm_wday = destination->tm_yday = -1;
        destination->tm_isdst = -1;
        errno = EINVAL;
        return EINVAL;
    }
    if (!(local ? localtime_r(source, destination) : gmtime_r(source, destination))) { errno = EINVAL; return EINVAL; }
    return 0;
}
static inline errno_t localtime_s(struct tm *destination, const time_t *source) {
    return isapi_bridge_broken_down(destination, source, 1);
}
static inline errno_t gmtime_s(struct tm *destination, const time_t *source) {
    return isapi_bridge_broken_down(destination, source, 0);
}
#define _localtime64_s localtime_s
#define _gmtime64_s gmtime_s
#define _localtime32_s localtime_s
#define _gmtime32_s gmtime_s

/* ctime_s: "Wed Jan 02 02:03:55 1980\n" (26 bytes with the terminator, day zero-padded as MSVC
 * prints it). EINVAL for a NULL buffer or time, a negative time or a buffer under 26 bytes. */
static inline errno_t ctime_s(char *buffer, size_t size, const time_t *source) {
    if (!buffer || size == 0) { errno = EINVAL; return EINVAL; }
    buffer[0] = '\0';
    if (size < 26) { errno = EINVAL; return EINVAL; }
    struct tm local;
    errno_t result = localtime_s(&local, source);
    if (result) return result;
    static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    snprintf(buffer, size, "%.3s %.3s %02d %02d:%02d:%02d %4d\n", days[local.tm_wday % 7], months[local.tm_mon % 12],
             local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec, local.tm_year + 1900);
    return 0;
}
#define _ctime64_s ctime_s
/* _strdate_s "MM/DD/YY" and _strtime_s "HH:MM:SS", local time: EINVAL for NULL, ERANGE ("" when
 * there is room for it) for a buffer under 9 characters. */
static inline errno_t isapi_bridge_clock_text(char *buffer, size_t size, const char *format) {
    if (!buffer) { errno = EINVAL; return EINVAL; }
    if (size < 9) { if (size) buffer[0] = '\0'; errno = ERANGE; return ERANGE; }
    time_t now = time(NULL);
    struct tm local;
    if (!localtime_r(&now, &local)) { buffer[0] = '\0'; errno = EINVAL; return EINVAL; }
    strftime(buffer, size, format, &local);
    return 0;
}
static inline errno_t _strdate_s(char *buffer, size_t size) { return isapi_bridge_clock_text(buffer, size, "%m/%d/%y"); }
static inline errno_t _strtime_s(char *buffer, size_t size) { return isapi_bridge_clock_text(buffer, size, "%H:%M:%S"); }
#define GetSystemTimePreciseAsFileTime GetSystemTimeAsFileTime

/* time_t is 64-bit here: the *64 names are the plain ones. */
typedef time_t __time64_t;
#define _time64 time
#define _mktime64 mktime
#define _difftime64 difftime

/* ---- Thread and process ids ------------------------------------------------------------- */

static inline DWORD GetCurrentThreadId(VOID) {
#ifdef SYS_gettid
    return (DWORD)syscall(SYS_gettid);
#else
    return (DWORD)(uintptr_t)pthread_self();
#endif
}
static inline DWORD GetCurrentProcessId(VOID) { return (DWORD)getpid(); }

#ifndef MAX_COMPUTERNAME_LENGTH
#define MAX_COMPUTERNAME_LENGTH 15
#endif
/* GetComputerNameA/W: isapi_bridge_win32_process.h (implemented by the host). */

#ifdef __cplusplus
}
template <size_t N> static inline errno_t ctime_s(char (&buffer)[N], const time_t *source) {
    return ctime_s(buffer, N, source);
}
template <size_t N> static inline errno_t _strdate_s(char (&buffer)[N]) { return _strdate_s(buffer, N); }
template <size_t N> static inline errno_t _strtime_s(char (&buffer)[N]) { return _strtime_s(buffer, N); }
#endif

#endif /* ISAPI_BRIDGE_TIME_H */
