/* Win32 layer checks: modules, INI files, the environment, the computer name
 * (isapi_bridge_win32_process.h). */
#include "win32_check.h"

static int text_equals_wide(const WCHAR *wide, const char *text) {
    for (; *text; text++, wide++) if (*wide != (WCHAR)(unsigned char)*text) return 0;
    return *wide == 0;
}

static void widen(WCHAR *out, const char *text) {
    while ((*out++ = (WCHAR)(unsigned char)*text++) != 0) {}
}

CHECK(get_module_file_name) {
    USES_SCRATCH;
    HMODULE self = NULL;
    EXPECT(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)get_module_file_name, &self) && self != NULL);
    char path[1024];
    DWORD length = GetModuleFileNameA(self, path, sizeof path);
    EXPECT(length > 0 && length == strlen(path) && GetLastError() == ERROR_SUCCESS);
    EXPECT(strcmp(path + length - strlen("process_checks.so"), "process_checks.so") == 0 && path[0] == '/');
    char small[8];
    EXPECT(GetModuleFileNameA(self, small, sizeof small) == sizeof small && GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    EXPECT(small[7] == 0 && memcmp(small, path, 7) == 0);
    char executable[1024];
    EXPECT(GetModuleFileNameA(NULL, executable, sizeof executable) > 0 && strcmp(executable, path) != 0 && executable[0] == '/');
    WCHAR wide[1024];
    EXPECT(GetModuleFileNameW(self, wide, 1024) == length && text_equals_wide(wide, path));
    EXPECT(GetModuleFileNameA((HMODULE)&length, path, sizeof path) == 0 && GetLastError() == ERROR_MOD_NOT_FOUND);
    return 1;
}

CHECK(get_module_handle) {
    USES_SCRATCH;
    HMODULE self = NULL;
    GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)get_module_handle, &self);
    EXPECT(GetModuleHandleA("process_checks.dll") == self); /* the Windows name of this library */
    EXPECT(GetModuleHandleA("PROCESS_CHECKS") == self);
    EXPECT(GetModuleHandleA("process_checks.so") == self);
    EXPECT(GetModuleHandleA(NULL) != NULL && GetModuleHandleA(NULL) != self);
    EXPECT(GetModuleHandleA("no-such-module.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND);
    WCHAR name[32];
    widen(name, "process_checks.dll");
    EXPECT(GetModuleHandleW(name) == self);
    EXPECT(DisableThreadLibraryCalls(self));
    return 1;
}

static const char *write_ini(char *path, size_t size, const char *scratch) {
    scratch_path(path, size, scratch, "settings.ini");
    FILE *file = fopen(path, "w");
    if (file == NULL) return NULL;
    fputs("; comment\n[Main]\nName = Contoso  \nQuoted=\"  spaced  \"\nCount=42\nNegative=-5\nText=12abc\n"
          "[Second]\nA=1\nB=2\n[main]\nName=duplicate section ignored\n", file);
    fclose(file);
    return path;
}

CHECK(get_private_profile_string) {
    char ini[600], value[64];
    EXPECT(write_ini(ini, sizeof ini, scratch));
    EXPECT(GetPrivateProfileStringA("main", "NAME", "x", value, sizeof value, ini) == 7 && strcmp(value, "Contoso") == 0);
    EXPECT(GetPrivateProfileStringA("Main", "Quoted", "", value, sizeof value, ini) == 10 && strcmp(value, "  spaced  ") == 0);
    EXPECT(GetPrivateProfileStringA("Main", "Missing", "fallback   ", value, sizeof value, ini) == 8 && strcmp(value, "fallback") == 0);
    EXPECT(GetPrivateProfileStringA("Main", "Missing", NULL, value, sizeof value, ini) == 0 && value[0] == 0);
    /* Too small: truncated, terminated, nSize - 1. */
    EXPECT(GetPrivateProfileStringA("Main", "Name", "", value, 4, ini) == 3 && strcmp(value, "Con") == 0);
    /* Section names and key names: NUL-separated, ended by an empty string. */
    EXPECT(GetPrivateProfileStringA(NULL, NULL, "", value, sizeof value, ini) == 12);
    EXPECT(memcmp(value, "Main\0Second\0\0", 13) == 0);
    EXPECT(GetPrivateProfileStringA("Second", NULL, "", value, sizeof value, ini) == 4 && memcmp(value, "A\0B\0\0", 5) == 0);
    /* A list too small: the last string cut and two NULs, nSize - 2. */
    EXPECT(GetPrivateProfileStringA(NULL, NULL, "", value, 8, ini) == 6);
    EXPECT(memcmp(value, "Main\0S\0\0", 8) == 0);
    /* Backslashes in the file name. */
    char windows_style[600];
    snprintf(windows_style, sizeof windows_style, "%s\\settings.ini", scratch);
    EXPECT(GetPrivateProfileStringA("Second", "B", "", value, sizeof value, windows_style) == 1 && strcmp(value, "2") == 0);
    char missing[600];
    SetLastError(0);
    EXPECT(GetPrivateProfileStringA("Main", "Name", "dflt", value, sizeof value, scratch_path(missing, sizeof missing, scratch, "none.ini")) == 4);
    EXPECT(strcmp(value, "dflt") == 0 && GetLastError() == ERROR_FILE_NOT_FOUND);
    WCHAR section[8], key[8], fallback[2] = { 0 }, file[600], wide[64];
    widen(section, "Main");
    widen(key, "Name");
    widen(file, ini);
    EXPECT(GetPrivateProfileStringW(section, key, fallback, wide, 64, file) == 7 && text_equals_wide(wide, "Contoso"));
    EXPECT(GetPrivateProfileStringW(section, key, fallback, wide, 3, file) == 2 && text_equals_wide(wide, "Co"));
    return 1;
}

CHECK(get_private_profile_int) {
    char ini[600];
    EXPECT(write_ini(ini, sizeof ini, scratch));
    EXPECT(GetPrivateProfileIntA("Main", "Count", 7, ini) == 42);
    EXPECT(GetPrivateProfileIntA("Main", "Missing", 7, ini) == 7);
    EXPECT(GetPrivateProfileIntA("Main", "Negative", 7, ini) == 0);
    EXPECT(GetPrivateProfileIntA("Main", "Text", 7, ini) == 12);
    EXPECT(GetPrivateProfileIntA("Main", "Name", 7, ini) == 0);
    WCHAR section[8], key[8], file[600];
    widen(section, "Second");
    widen(key, "B");
    widen(file, ini);
    EXPECT(GetPrivateProfileIntW(section, key, 0, file) == 2);
    return 1;
}

CHECK(environment_variables) {
    USES_SCRATCH;
    char value[16];
    EXPECT(GetEnvironmentVariableA("ISAPI_BRIDGE_CHECK_ABSENT", value, sizeof value) == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND);
    EXPECT(SetEnvironmentVariableA("ISAPI_BRIDGE_CHECK_VAR", "hello"));
    EXPECT(GetEnvironmentVariableA("ISAPI_BRIDGE_CHECK_VAR", value, sizeof value) == 5 && strcmp(value, "hello") == 0);
    memset(value, 'x', sizeof value);
    EXPECT(GetEnvironmentVariableA("ISAPI_BRIDGE_CHECK_VAR", value, 5) == 6 && value[0] == 'x'); /* size with the NUL */
    EXPECT(GetEnvironmentVariableA("ISAPI_BRIDGE_CHECK_VAR", NULL, 0) == 6);
    WCHAR name[32], wide[16];
    widen(name, "ISAPI_BRIDGE_CHECK_VAR");
    EXPECT(GetEnvironmentVariableW(name, wide, 16) == 5 && text_equals_wide(wide, "hello"));
    EXPECT(SetEnvironmentVariableA("ISAPI_BRIDGE_CHECK_VAR", NULL));
    EXPECT(GetEnvironmentVariableA("ISAPI_BRIDGE_CHECK_VAR", value, sizeof value) == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND);
    EXPECT(!SetEnvironmentVariableA("A=B", "x") && GetLastError() == ERROR_INVALID_PARAMETER);
    return 1;
}

CHECK(get_computer_name) {
    USES_SCRATCH;
    char name[256];
    DWORD size = 1;
    EXPECT(!GetComputerNameA(name, &size) && GetLastError() == ERROR_BUFFER_OVERFLOW && size > 1);
    DWORD needed = size;
    size = sizeof name;
    EXPECT(GetComputerNameA(name, &size) && size == needed - 1 && strlen(name) == size);
    EXPECT(strchr(name, '.') == NULL);
    for (char *c = name; *c; c++) EXPECT(!(*c >= 'a' && *c <= 'z'));
    WCHAR wide[256];
    size = 256;
    EXPECT(GetComputerNameW(wide, &size) && size == needed - 1 && text_equals_wide(wide, name));
    return 1;
}

CHECK(load_library) {
    HMODULE self = NULL;
    GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)load_library, &self);
    char path[1024];
    GetModuleFileNameA(self, path, sizeof path);
    HMODULE loaded = LoadLibraryA(path);
    EXPECT(loaded != NULL && GetLastError() == ERROR_SUCCESS);
    typedef const char *(*names_function)(void);
    names_function names = (names_function)GetProcAddress(loaded, "win32_check_names");
    EXPECT(names != NULL && strstr(names(), "LoadLibrary") != NULL);
    EXPECT(GetProcAddress(loaded, "no_such_function") == NULL && GetLastError() == ERROR_PROC_NOT_FOUND);
    EXPECT(GetProcAddress(loaded, (LPCSTR)(uintptr_t)1) == NULL && GetLastError() == ERROR_PROC_NOT_FOUND);
    EXPECT(FreeLibrary(loaded));
    /* The Windows name of the same library, with backslashes. */
    char windows_name[1024];
    snprintf(windows_name, sizeof windows_name, "%.*s", (int)(strlen(path) - 3), path);
    strcat(windows_name, ".dll");
    for (char *c = windows_name; *c; c++) if (*c == '/') *c = '\\';
    loaded = LoadLibraryA(windows_name);
    EXPECT(loaded != NULL && FreeLibrary(loaded));
    EXPECT(LoadLibraryA("no-such-library.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND);
    char text[600];
    FILE *file = fopen(scratch_path(text, sizeof text, scratch, "text.so"), "w");
    fputs("not a library\n", file);
    fclose(file);
    EXPECT(LoadLibraryA(text) == NULL && GetLastError() == ERROR_BAD_EXE_FORMAT);
    EXPECT(!FreeLibrary((HMODULE)&file) && GetLastError() == ERROR_INVALID_HANDLE);
    EXPECT(GetProcAddress((HMODULE)&file, "x") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND);
    return 1;
}

CHECK(write_private_profile_string) {
    char ini[600], value[64];
    scratch_path(ini, sizeof ini, scratch, "written.ini");
    EXPECT(WritePrivateProfileStringA("Main", "Name", "first", ini)); /* creates the file */
    EXPECT(WritePrivateProfileStringA("Main", "Count", "2", ini));
    EXPECT(WritePrivateProfileStringA("Other", "X", "y", ini));
    EXPECT(WritePrivateProfileStringA("main", "NAME", "second", ini)); /* replaces, without regard to case */
    EXPECT(GetPrivateProfileStringA("Main", "Name", "", value, sizeof value, ini) == 6 && strcmp(value, "second") == 0);
    EXPECT(GetPrivateProfileIntA("Main", "Count", 0, ini) == 2);
    FILE *file = fopen(ini, "r");
    char text[256] = { 0 };
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    EXPECT(length > 0 && strcmp(text, "[Main]\nName=second\nCount=2\n\n[Other]\nX=y\n") == 0);
    EXPECT(WritePrivateProfileStringA("Main", "Count", NULL, ini)); /* deletes the key */
    EXPECT(GetPrivateProfileIntA("Main", "Count", 7, ini) == 7);
    EXPECT(WritePrivateProfileStringA("Main", NULL, NULL, ini)); /* deletes the section */
    EXPECT(GetPrivateProfileStringA(NULL, NULL, "", value, sizeof value, ini) == 6 && memcmp(value, "Other\0\0", 7) == 0);
    EXPECT(!WritePrivateProfileStringA(NULL, "a", "b", ini) && GetLastError() == ERROR_INVALID_PARAMETER);
    return 1;
}

static const win32_check_entry checks[] = {
    { "GetModuleFileName", get_module_file_name }, { "GetModuleHandle", get_module_handle },
    { "GetPrivateProfileString", get_private_profile_string }, { "GetPrivateProfileInt", get_private_profile_int },
    { "GetEnvironmentVariable", environment_variables }, { "GetComputerName", get_computer_name },
    { "LoadLibrary", load_library }, { "WritePrivateProfileString", write_private_profile_string },
};
WIN32_CHECKS_EXPORT(checks)
