/* isapi-bridge: tchar.h, the generic-text mappings, as in an ANSI (non-_UNICODE) Windows build:
 * TCHAR is char and the _t names are the narrow CRT functions. */
#ifndef ISAPI_BRIDGE_TCHAR_H
#define ISAPI_BRIDGE_TCHAR_H
#include <windows.h>

typedef char TCHAR, _TCHAR, *PTCHAR, *LPTSTR, *PTSTR;
typedef const char *LPCTSTR, *PCTSTR;
#define _T(text) text
#define _TEXT(text) text
#define TEXT(text) text
#define _tcslen strlen
#define _tcscpy strcpy
#define _tcscpy_s strcpy_s
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcscat_s strcat_s
#define _tcscmp strcmp
#define _tcsicmp _stricmp
#define _tcsncmp strncmp
#define _tcsnicmp _strnicmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsdup _strdup
#define _tprintf printf
#define _stprintf sprintf
#define _sntprintf _snprintf
#define _stscanf sscanf
#define _ttoi atoi
#define _ttol atol
#define _tcstol strtol
#define _tcstoul strtoul
#define _totlower tolower
#define _totupper toupper
#endif /* ISAPI_BRIDGE_TCHAR_H */
