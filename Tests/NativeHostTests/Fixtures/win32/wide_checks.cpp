// Win32 layer checks in C++: the functions taking an input string accept wchar_t (L"...", UTF-32 on
// Linux) and char16_t strings through their W and generic names (isapi_bridge_win32_wide.h); NULL
// still means no string.
#include "win32_check.h"
#include <stdlib.h>
#include <string>

// A narrow ASCII path as a wchar_t string.
static std::wstring wide(const char *text) { return std::wstring(text, text + strlen(text)); }

CHECK(create_mutex_wide) {
    USES_SCRATCH;
    HANDLE first = CreateMutex(NULL, FALSE, L"isapi-bridge-wide-m\u00e9");
    EXPECT(first != NULL && GetLastError() == ERROR_SUCCESS);
    HANDLE narrow = OpenMutexA(SYNCHRONIZE, FALSE, "isapi-bridge-wide-m\xc3\xa9"); // the same name in UTF-8
    EXPECT(narrow != NULL);
    HANDLE utf16 = CreateMutexW(NULL, FALSE, u"isapi-bridge-wide-m\u00e9");
    EXPECT(utf16 != NULL && GetLastError() == ERROR_ALREADY_EXISTS);
    HANDLE utf32 = OpenMutexW(SYNCHRONIZE, FALSE, L"isapi-bridge-wide-m\u00e9");
    EXPECT(utf32 != NULL);
    HANDLE unnamed = CreateEventW(NULL, TRUE, FALSE, NULL);
    EXPECT(unnamed != NULL && CloseHandle(unnamed));
    EXPECT(CloseHandle(first) && CloseHandle(narrow) && CloseHandle(utf16) && CloseHandle(utf32));
    return 1;
}

CHECK(create_file_wide) {
    char narrow[600];
    scratch_path(narrow, sizeof narrow, scratch, "wide.txt");
    std::wstring path = wide(narrow);
    HANDLE file = CreateFile(path.c_str(), GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    EXPECT(file != INVALID_HANDLE_VALUE && CloseHandle(file));
    EXPECT(GetFileAttributesA(narrow) == FILE_ATTRIBUTE_NORMAL);
    EXPECT(GetFileAttributesW(path.c_str()) == FILE_ATTRIBUTE_NORMAL);
    EXPECT(CreateFileW(path.c_str(), GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL) == INVALID_HANDLE_VALUE &&
           GetLastError() == ERROR_FILE_EXISTS);
    EXPECT(DeleteFile(path.c_str()) && !DeleteFileW(path.c_str()) && GetLastError() == ERROR_FILE_NOT_FOUND);
    std::wstring directory = wide(scratch) + L"\\sub";
    EXPECT(CreateDirectory(directory.c_str(), NULL) && RemoveDirectoryW(directory.c_str()));
    return 1;
}

CHECK(move_file_wide) {
    char narrow[600];
    scratch_path(narrow, sizeof narrow, scratch, "from.txt");
    CloseHandle(CreateFileA(narrow, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
    std::wstring from = wide(narrow), to = wide(scratch) + L"/to.txt", copy = wide(scratch) + L"/copy.txt";
    EXPECT(MoveFile(from.c_str(), to.c_str()) && GetFileAttributesW(from.c_str()) == INVALID_FILE_ATTRIBUTES);
    EXPECT(CopyFileW(to.c_str(), copy.c_str(), TRUE) && !CopyFile(to.c_str(), copy.c_str(), TRUE) &&
           GetLastError() == ERROR_FILE_EXISTS);
    return 1;
}

CHECK(set_environment_variable_wide) {
    USES_SCRATCH;
    EXPECT(SetEnvironmentVariable(L"ISAPI_BRIDGE_WIDE_CHECK", L"caf\u00e9"));
    const char *value = getenv("ISAPI_BRIDGE_WIDE_CHECK");
    EXPECT(value != NULL && strcmp(value, "caf\xc3\xa9") == 0);
    EXPECT(SetEnvironmentVariableW(L"ISAPI_BRIDGE_WIDE_CHECK", NULL) && getenv("ISAPI_BRIDGE_WIDE_CHECK") == NULL);
    return 1;
}

CHECK(load_library_wide) {
    USES_SCRATCH;
    EXPECT(LoadLibrary(L"isapi-bridge-no-such-library.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND);
    EXPECT(LoadLibraryW(u"isapi-bridge-no-such-library.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND);
    HMODULE self = NULL;
    GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)&load_library_wide, &self);
    EXPECT(self != NULL && GetModuleHandle(L"wide_checks.dll") == self && GetModuleHandleW(L"WIDE_CHECKS") == self);
    return 1;
}

static const win32_check_entry checks[] = {
    { "CreateMutex(L)", create_mutex_wide }, { "CreateFile(L)", create_file_wide }, { "MoveFile(L)", move_file_wide },
    { "SetEnvironmentVariable(L)", set_environment_variable_wide }, { "LoadLibrary(L)", load_library_wide },
};
WIN32_CHECKS_EXPORT(checks)
