/* Checks of the Win32/CRT porting layer's clocks, calendar, time zone, thread and process ids,
 * each written from the function's documentation. Loaded like win32_crt.c (see there); each
 * check_<name>() returns NULL or the first expectation that failed. */
#include <windows.h>
#include <process.h>
#include <sys/syscall.h>

#define EXPORT __attribute__((visibility("default")))
#define CHECK(condition) do { if (!(condition)) return "failed: " #condition; } while (0)

EXPORT const char *check_time_s(void) {
    struct tm broken;
    time_t when = 86400 * 365 + 3661; /* 1971-01-01 01:01:01 UTC */
    CHECK(gmtime_s(&broken, &when) == 0);
    CHECK(broken.tm_year == 71 && broken.tm_mon == 0 && broken.tm_mday == 1 && broken.tm_hour == 1 &&
          broken.tm_min == 1 && broken.tm_sec == 1);
    struct tm expected;
    CHECK(localtime_s(&broken, &when) == 0 && localtime_r(&when, &expected) != NULL);
    CHECK(broken.tm_hour == expected.tm_hour && broken.tm_mday == expected.tm_mday);
    time_t negative = -1;
    CHECK(gmtime_s(&broken, &negative) == EINVAL && broken.tm_year == -1 && broken.tm_mday == -1);
    CHECK(localtime_s(NULL, &when) == EINVAL && localtime_s(&broken, NULL) == EINVAL);
    char text[26], expectedText[40];
    CHECK(ctime_s(text, sizeof text, &when) == 0);
    strftime(expectedText, sizeof expectedText, "%a %b %d %H:%M:%S %Y\n", &expected);
    CHECK(strcmp(text, expectedText) == 0 && strlen(text) == 25);
    CHECK(ctime_s(text, 25, &when) == EINVAL && text[0] == '\0');
    CHECK(ctime_s(text, sizeof text, NULL) == EINVAL);
    return NULL;
}

EXPORT const char *check_FileTimeToSystemTime(void) {
    FILETIME time = { 0, 0 };
    SYSTEMTIME system;
    CHECK(FileTimeToSystemTime(&time, &system));
    CHECK(system.wYear == 1601 && system.wMonth == 1 && system.wDay == 1 && system.wDayOfWeek == 1 &&
          system.wHour == 0 && system.wMilliseconds == 0);
    ULARGE_INTEGER ticks;
    ticks.QuadPart = 116444736000000000ULL + 12345678ULL; /* 1970-01-01 00:00:01.234 5678 */
    time.dwLowDateTime = ticks.LowPart;
    time.dwHighDateTime = ticks.HighPart;
    CHECK(FileTimeToSystemTime(&time, &system));
    CHECK(system.wYear == 1970 && system.wMonth == 1 && system.wDay == 1 && system.wDayOfWeek == 4 &&
          system.wSecond == 1 && system.wMilliseconds == 234);
    time.dwHighDateTime = 0x80000000u;
    time.dwLowDateTime = 0;
    SetLastError(0);
    CHECK(!FileTimeToSystemTime(&time, &system) && GetLastError() == ERROR_INVALID_PARAMETER);
    return NULL;
}

EXPORT const char *check_SystemTimeToFileTime(void) {
    SYSTEMTIME leap = { 2000, 2, 0, 29, 12, 34, 56, 789 };
    FILETIME time;
    SYSTEMTIME back;
    CHECK(SystemTimeToFileTime(&leap, &time));
    CHECK(FileTimeToSystemTime(&time, &back));
    CHECK(back.wYear == 2000 && back.wMonth == 2 && back.wDay == 29 && back.wHour == 12 && back.wMinute == 34 &&
          back.wSecond == 56 && back.wMilliseconds == 789 && back.wDayOfWeek == 2);
    ULARGE_INTEGER ticks;
    ticks.LowPart = time.dwLowDateTime;
    ticks.HighPart = time.dwHighDateTime;
    CHECK(ticks.QuadPart == 125963012967890000ULL);
    SYSTEMTIME invalid = { 2001, 2, 0, 29, 0, 0, 0, 0 };
    SetLastError(0);
    CHECK(!SystemTimeToFileTime(&invalid, &time) && GetLastError() == ERROR_INVALID_PARAMETER);
    SYSTEMTIME early = { 1600, 12, 0, 31, 0, 0, 0, 0 };
    CHECK(!SystemTimeToFileTime(&early, &time));
    return NULL;
}

EXPORT const char *check_GetSystemTime(void) {
    time_t before = time(NULL);
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    SYSTEMTIME system, local;
    GetSystemTime(&system);
    GetLocalTime(&local);
    time_t after = time(NULL);
    ULARGE_INTEGER ticks;
    ticks.LowPart = now.dwLowDateTime;
    ticks.HighPart = now.dwHighDateTime;
    long long seconds = (long long)(ticks.QuadPart / 10000000ULL) - 11644473600LL;
    /* glibc's time() reads the coarse clock, which can trail the precise one GetSystemTimeAsFileTime
       reads by up to a tick: near a second boundary the precise second is one past `after`. */
    CHECK(seconds >= before && seconds <= after + 1);
    struct tm utcBefore, utcAfter, localBefore, localAfter;
    gmtime_r(&before, &utcBefore);
    gmtime_r(&after, &utcAfter);
    localtime_r(&before, &localBefore);
    localtime_r(&after, &localAfter);
    CHECK((system.wMinute == utcBefore.tm_min && system.wHour == utcBefore.tm_hour) ||
          (system.wMinute == utcAfter.tm_min && system.wHour == utcAfter.tm_hour));
    CHECK((local.wMinute == localBefore.tm_min && local.wHour == localBefore.tm_hour &&
           local.wDay == localBefore.tm_mday) ||
          (local.wMinute == localAfter.tm_min && local.wHour == localAfter.tm_hour && local.wDay == localAfter.tm_mday));
    return NULL;
}

EXPORT const char *check_SystemTimeToTzSpecificLocalTime(void) {
    SYSTEMTIME universal = { 2020, 1, 0, 1, 23, 30, 0, 0 }, local;
    TIME_ZONE_INFORMATION zone;
    memset(&zone, 0, sizeof zone);
    zone.Bias = -60; /* UTC+1, no daylight saving time */
    CHECK(SystemTimeToTzSpecificLocalTime(&zone, &universal, &local));
    CHECK(local.wYear == 2020 && local.wMonth == 1 && local.wDay == 2 && local.wHour == 0 && local.wMinute == 30 &&
          local.wDayOfWeek == 4);
    /* NULL: the host's zone. */
    CHECK(SystemTimeToTzSpecificLocalTime(NULL, &universal, &local));
    time_t when = 1577921400; /* 2020-01-01 23:30:00 UTC */
    struct tm expected;
    localtime_r(&when, &expected);
    CHECK(local.wHour == expected.tm_hour && local.wDay == expected.tm_mday && local.wMinute == expected.tm_min);
    zone.DaylightDate.wMonth = 3;
    SetLastError(0);
    CHECK(!SystemTimeToTzSpecificLocalTime(&zone, &universal, &local) && GetLastError() == ERROR_NOT_SUPPORTED);
    return NULL;
}

EXPORT const char *check_Sleep(void) {
    ULONGLONG before = GetTickCount64();
    DWORD shortBefore = GetTickCount();
    Sleep(20);
    ULONGLONG after = GetTickCount64();
    CHECK(after - before >= 20);
    CHECK((DWORD)(GetTickCount() - shortBefore) >= 20);
    LARGE_INTEGER frequency, first, second;
    CHECK(QueryPerformanceFrequency(&frequency) && frequency.QuadPart == 1000000000LL);
    CHECK(QueryPerformanceCounter(&first));
    Sleep(5);
    CHECK(QueryPerformanceCounter(&second) && second.QuadPart - first.QuadPart >= 5 * frequency.QuadPart / 1000);
    return NULL;
}

static void *thread_id_of(void *result) {
    *(DWORD *)result = GetCurrentThreadId();
    return NULL;
}
EXPORT const char *check_GetCurrentThreadId(void) {
    CHECK(GetCurrentProcessId() == (DWORD)getpid());
    CHECK(GetCurrentThreadId() == (DWORD)syscall(SYS_gettid));
    DWORD other = 0;
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, thread_id_of, &other) == 0);
    pthread_join(thread, NULL);
    CHECK(other != 0 && other != GetCurrentThreadId());
    CHECK(_getpid() == getpid());
    return NULL;
}

EXPORT const char *check_GetTimeZoneInformation(void) {
    TIME_ZONE_INFORMATION zone;
    time_t now = time(NULL);
    CHECK(GetTimeZoneInformation(&zone) == TIME_ZONE_ID_UNKNOWN);
    struct tm local;
    localtime_r(&now, &local);
    CHECK(zone.Bias == -local.tm_gmtoff / 60); /* glibc's own offset of the zone, seconds east of UTC */
    CHECK(zone.DaylightDate.wMonth == 0 && zone.StandardName[0] != 0);
    CHECK(GetTimeZoneInformation(NULL) == TIME_ZONE_ID_INVALID);
    char date[9], clock[9];
    CHECK(_strdate_s(date, sizeof date) == 0 && strlen(date) == 8 && date[2] == '/' && date[5] == '/');
    CHECK(_strtime_s(clock, sizeof clock) == 0 && strlen(clock) == 8 && clock[2] == ':' && clock[5] == ':');
    CHECK(_strdate_s(date, 8) == ERANGE && date[0] == '\0');
    CHECK(_strtime_s(NULL, 9) == EINVAL);
    return NULL;
}

