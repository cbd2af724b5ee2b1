/* isapi-bridge: tchar.h, the generic-text mappings, as in an ANSI (non-_UNICODE) Windows build:
 * TCHAR (from windows.h) is char and the _t names are the narrow CRT functions. A _UNICODE build's
 * mappings are not provided: TCHAR would have to be WCHAR, which wchar_t literals (L"...") are not
 * on Linux. */
#ifndef ISAPI_BRIDGE_TCHAR_H
#define ISAPI_BRIDGE_TCHAR_H
#include <windows.h>

typedef char _TCHAR, _TSCHAR;
typedef unsigned char _TUCHAR;
typedef int _TINT;
#define _TEOF EOF
#define _T(text) text
#define _TEXT(text) text
#define __T(text) text
#define _tmain main
#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcscpy_s strcpy_s
#define _tcsncpy strncpy
#define _tcsncpy_s strncpy_s
#define _tcscat strcat
#define _tcscat_s strcat_s
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsicmp _stricmp
#define _tcsncmp strncmp
#define _tcsnicmp _strnicmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcspbrk strpbrk
#define _tcstok strtok
#define _tcstok_s strtok_s
#define _tcsdup _strdup
#define _tcslwr _strlwr
#define _tcsupr _strupr
#define _tcsftime strftime
#define _tprintf printf
#define _ftprintf fprintf
#define _stprintf sprintf
#define _stprintf_s sprintf_s
#define _sntprintf _snprintf
#define _vstprintf vsprintf
#define _vstprintf_s vsprintf_s
#define _vsntprintf _vsnprintf
#define _vsctprintf _vscprintf
#define _sctprintf _scprintf
#define _stscanf sscanf
#define _tfopen fopen
#define _tfopen_s fopen_s
#define _tfsopen _fsopen
#define _tgetenv getenv
#define _tsplitpath_s _splitpath_s
#define _tmakepath_s _makepath_s
#define _ttoi atoi
#define _ttol atol
#define _ttoi64 atoll
#define _tstoi atoi
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstod strtod
#define _itot _itoa
#define _itot_s _itoa_s
#define _ltot _ltoa
#define _ltot_s _ltoa_s
#define _totlower tolower
#define _totupper toupper
#define _istspace isspace
#define _istdigit isdigit
#define _istalpha isalpha
#define _istalnum isalnum
#endif /* ISAPI_BRIDGE_TCHAR_H */
