/* isapi-bridge: the module, process and environment functions of kernel32 that filters and
 * modules call at start-up: GetModuleFileName, GetModuleHandle(Ex), DisableThreadLibraryCalls,
 * GetPrivateProfileString/Int (INI files), Get/SetEnvironmentVariable, GetComputerName.
 *
 * An HMODULE is the handle dlopen gives for that library (NULL: the executable).
 * Implemented by the host process (Sources/ISAPIRuntime). Included by windows.h. */
#ifndef ISAPI_BRIDGE_WIN32_PROCESS_H
#define ISAPI_BRIDGE_WIN32_PROCESS_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ERROR_BUFFER_OVERFLOW
#define ERROR_BUFFER_OVERFLOW 111
#endif
#ifndef ERROR_ENVVAR_NOT_FOUND
#define ERROR_ENVVAR_NOT_FOUND 203
#endif
#define MAX_COMPUTERNAME_LENGTH 15
#define GET_MODULE_HANDLE_EX_FLAG_PIN 0x00000001
#define GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT 0x00000002
#define GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS 0x00000004

/* The path of the shared object (hModule from GetModuleHandle or the DllMain instance) or of the
 * executable (NULL). Too small: the path truncated to nSize - 1 characters and terminated, the
 * return value nSize, last error ERROR_INSUFFICIENT_BUFFER. */
DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize);
DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize);
/* A loaded library by file name ("x.so", or "x.dll"/"x" standing for "x.so" or "libx.so"), the
 * executable for NULL; NULL with ERROR_MOD_NOT_FOUND otherwise. No reference is added. */
HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName);
HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName);
/* GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS: the library holding that address (the usual way for a
 * library to find itself). */
BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE *phModule);
BOOL WINAPI GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE *phModule);
/* Nothing to disable: the server never calls DllMain for threads. */
static inline BOOL DisableThreadLibraryCalls(HMODULE hLibModule) { (void)hLibModule; return TRUE; }

/* LoadLibrary: dlopen (RTLD_NOW | RTLD_LOCAL) of the name as given, then "x.dll"/"x" as "x.so" and
 * "libx.so"; NULL with ERROR_MOD_NOT_FOUND (missing), ERROR_BAD_EXE_FORMAT (not a shared object
 * for this machine) or ERROR_PROC_NOT_FOUND (a symbol it needs is missing). The Ex flags are
 * ignored. GetProcAddress: dlsym; ordinals do not exist in ELF (ERROR_PROC_NOT_FOUND). A handle
 * that is no loaded library is refused (ERROR_MOD_NOT_FOUND / ERROR_INVALID_HANDLE). */
#ifndef ERROR_BAD_EXE_FORMAT
#define ERROR_BAD_EXE_FORMAT 193
#endif
/* Callers cast it to the function's real type. The SDK's INT_PTR (*)() would draw a
 * -Wcast-function-type warning on every such cast (-Wextra); void (*)(void) is the type GCC and
 * Clang accept in casts to any function type. */
typedef void (WINAPI *FARPROC)(void);
typedef FARPROC PROC;
HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName);
HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName);
HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags);
HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags);
FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName);
BOOL WINAPI FreeLibrary(HMODULE hLibModule);

/* INI files, parsed on every call. A relative file name is relative to the working directory (not
 * the Windows directory); backslashes become '/'. Sections and keys match without regard to case,
 * the first of duplicates wins, values are trimmed and lose one pair of enclosing quotes.
 * A NULL section lists the section names, a NULL key the keys of the section, each terminated
 * and the list ended by an empty string. Buffer too small: a value is truncated to nSize - 1
 * characters (return nSize - 1); a list's last string is truncated and followed by two NULs
 * (return nSize - 2). A missing file gives the default with last error ERROR_FILE_NOT_FOUND. */
DWORD WINAPI GetPrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpDefault, LPSTR lpReturnedString,
                                      DWORD nSize, LPCSTR lpFileName);
DWORD WINAPI GetPrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpDefault,
                                      LPWSTR lpReturnedString, DWORD nSize, LPCWSTR lpFileName);
/* The decimal value of the key (digits up to the first non-digit); negative values give 0 as the
 * documentation says; a missing key or file gives nDefault. */
UINT WINAPI GetPrivateProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName, INT nDefault, LPCSTR lpFileName);
UINT WINAPI GetPrivateProfileIntW(LPCWSTR lpAppName, LPCWSTR lpKeyName, INT nDefault, LPCWSTR lpFileName);

/* Sets lpKeyName=lpString in the section (added at the section's end, or a new section at the end
 * of the file, created when missing); lpString NULL deletes the key, lpKeyName NULL the section.
 * Other lines stay as they were; the file is replaced atomically. */
BOOL WINAPI WritePrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpString, LPCSTR lpFileName);
BOOL WINAPI WritePrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpString, LPCWSTR lpFileName);

/* Found: the length without the NUL; buffer too small: the size needed with the NUL, buffer
 * untouched; missing: 0 with ERROR_ENVVAR_NOT_FOUND. Set with NULL deletes. Environment variables
 * are process-wide (and not thread-safe to change while other threads read them, as with setenv). */
DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize);
DWORD WINAPI GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize);
BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue);
BOOL WINAPI SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue);
/* The host name up to its first dot, upper-cased as NetBIOS names are. *nSize in: the buffer's
 * characters; out: the length (success) or the size needed with the NUL (ERROR_BUFFER_OVERFLOW). */
BOOL WINAPI GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize);
BOOL WINAPI GetComputerNameW(LPWSTR lpBuffer, LPDWORD nSize);

#define GetModuleFileName GetModuleFileNameA
#define GetModuleHandle GetModuleHandleA
#define GetModuleHandleEx GetModuleHandleExA
#define LoadLibrary LoadLibraryA
#define LoadLibraryEx LoadLibraryExA
#define GetPrivateProfileString GetPrivateProfileStringA
#define GetPrivateProfileInt GetPrivateProfileIntA
#define WritePrivateProfileString WritePrivateProfileStringA
#define GetEnvironmentVariable GetEnvironmentVariableA
#define SetEnvironmentVariable SetEnvironmentVariableA
#define GetComputerName GetComputerNameA

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_BRIDGE_WIN32_PROCESS_H */
