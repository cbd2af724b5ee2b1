/* Win32 layer checks: the read-only registry from ISAPI_BRIDGE_REGISTRY
 * (isapi_bridge_win32_registry.h). The first check writes the .reg file into the scratch
 * directory and points the variable at it; the suite runs its checks in order. */
#include "win32_check.h"

static const char registry_text[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "; values of every kind\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Filter]\r\n"
    "\"Name\"=\"Contoso \\\"filter\\\"\"\r\n"
    "\"Count\"=dword:0000002a\r\n"
    "@=\"default\"\r\n"
    "\"Data\"=hex:01,02,ff\r\n"
    "\"List\"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00\r\n"
    "\"Path\"=hex(2):25,00,49,00,53,00,41,00,50,00,49,00,5f,00,43,00,48,00,45,00,43,00,4b,00,25,00,2f,00,\\\r\n"
    "  6c,00,6f,00,67,00,00,00\r\n"
    "\"Hand\"=expand:\"%ISAPI_CHECK%/x\"\r\n"
    "\"Items\"=multi:\"one\",\"two\"\r\n"
    "\"Big\"=qword:100000000\r\n"
    "\"Bad\"=nonsense\r\n"
    "\r\n"
    "[HKLM\\SOFTWARE\\Contoso\\Other]\r\n"
    "\"X\"=\"y\"\r\n";

#define FILTER_KEY "SOFTWARE\\Contoso\\Filter"

static int write_registry(const char *scratch) {
    char path[600];
    scratch_path(path, sizeof path, scratch, "registry.reg");
    FILE *file = fopen(path, "wb");
    if (file == NULL) return 0;
    fputs(registry_text, file);
    fclose(file);
    SetEnvironmentVariableA("ISAPI_CHECK", "/srv/check");
    return SetEnvironmentVariableA("ISAPI_BRIDGE_REGISTRY", path);
}

CHECK(reg_open_key_ex) {
    EXPECT(write_registry(scratch));
    HKEY key = (HKEY)1, sub = NULL;
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Contoso\\Missing", 0, KEY_READ, &key) == ERROR_FILE_NOT_FOUND && key == NULL);
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "software\\contoso\\FILTER", 0, KEY_READ, &key) == ERROR_SUCCESS && key != NULL);
    EXPECT(RegCloseKey(key) == ERROR_SUCCESS);
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Contoso", 0, KEY_ALL_ACCESS, &key) == ERROR_SUCCESS);
    EXPECT(RegOpenKeyExA(key, "Other", 0, KEY_READ, &sub) == ERROR_SUCCESS);
    EXPECT(RegCloseKey(sub) == ERROR_SUCCESS && RegCloseKey(key) == ERROR_SUCCESS);
    EXPECT(RegOpenKeyExA(HKEY_CURRENT_USER, FILTER_KEY, 0, KEY_READ, &key) == ERROR_FILE_NOT_FOUND);
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, FILTER_KEY, 0, KEY_READ, NULL) == ERROR_INVALID_PARAMETER);
    EXPECT(RegOpenKeyExA((HKEY)(uintptr_t)0x7FFF0, "x", 0, KEY_READ, &key) == ERROR_INVALID_HANDLE);
    WCHAR wide[] = { 'S', 'O', 'F', 'T', 'W', 'A', 'R', 'E', '\\', 'C', 'o', 'n', 't', 'o', 's', 'o', 0 };
    EXPECT(RegOpenKeyExW(HKEY_LOCAL_MACHINE, wide, 0, KEY_READ, &key) == ERROR_SUCCESS && RegCloseKey(key) == ERROR_SUCCESS);
    return 1;
}

CHECK(reg_query_value_ex) {
    EXPECT(write_registry(scratch));
    HKEY key;
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, FILTER_KEY, 0, KEY_READ, &key) == ERROR_SUCCESS);
    DWORD type = 0, size = 0;
    char text[64];
    EXPECT(RegQueryValueExA(key, "Name", NULL, &type, NULL, &size) == ERROR_SUCCESS && type == REG_SZ && size == 17);
    size = 4;
    EXPECT(RegQueryValueExA(key, "Name", NULL, &type, (LPBYTE)text, &size) == ERROR_MORE_DATA && size == 17);
    size = sizeof text;
    EXPECT(RegQueryValueExA(key, "name", NULL, &type, (LPBYTE)text, &size) == ERROR_SUCCESS && size == 17);
    EXPECT(strcmp(text, "Contoso \"filter\"") == 0);
    DWORD count = 0;
    size = sizeof count;
    EXPECT(RegQueryValueExA(key, "Count", NULL, &type, (LPBYTE)&count, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_DWORD && size == 4 && count == 42);
    size = sizeof text;
    EXPECT(RegQueryValueExA(key, NULL, NULL, &type, (LPBYTE)text, &size) == ERROR_SUCCESS && strcmp(text, "default") == 0);
    size = sizeof text;
    EXPECT(RegQueryValueExA(key, "List", NULL, &type, (LPBYTE)text, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_MULTI_SZ && size == 6 && memcmp(text, "a\0bc\0\0", 6) == 0);
    size = sizeof text;
    EXPECT(RegQueryValueExA(key, "Path", NULL, &type, (LPBYTE)text, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_EXPAND_SZ && strcmp(text, "%ISAPI_CHECK%/log") == 0);
    size = sizeof text;
    EXPECT(RegQueryValueExA(key, "Items", NULL, &type, (LPBYTE)text, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_MULTI_SZ && size == 9 && memcmp(text, "one\0two\0\0", 9) == 0);
    size = sizeof text;
    EXPECT(RegQueryValueExA(key, "Data", NULL, &type, (LPBYTE)text, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_BINARY && size == 3 && (unsigned char)text[2] == 0xFF);
    ULONGLONG big = 0;
    size = sizeof big;
    EXPECT(RegQueryValueExA(key, "Big", NULL, &type, (LPBYTE)&big, &size) == ERROR_SUCCESS && type == REG_QWORD && big == 0x100000000ULL);
    EXPECT(RegQueryValueExA(key, "Missing", NULL, &type, NULL, &size) == ERROR_FILE_NOT_FOUND);
    EXPECT(RegQueryValueExA(key, "Bad", NULL, &type, NULL, &size) == ERROR_FILE_NOT_FOUND); /* the line was skipped */
    type = 0;
    EXPECT(RegQueryValueExA(key, "Count", NULL, &type, NULL, NULL) == ERROR_SUCCESS && type == REG_DWORD);
    EXPECT(RegQueryValueExA(key, "Count", &count, &type, NULL, &size) == ERROR_INVALID_PARAMETER);
    EXPECT(RegQueryValueExA(key, "Count", NULL, &type, (LPBYTE)text, NULL) == ERROR_INVALID_PARAMETER);
    /* Values directly under a root key. */
    EXPECT(RegQueryValueExA(HKEY_LOCAL_MACHINE, "Name", NULL, &type, NULL, &size) == ERROR_FILE_NOT_FOUND);
    /* W: UTF-16 sizes in bytes, terminators included. */
    WCHAR name[] = { 'N', 'a', 'm', 'e', 0 }, wide[64];
    size = 0;
    EXPECT(RegQueryValueExW(key, name, NULL, &type, NULL, &size) == ERROR_SUCCESS && size == 34);
    size = sizeof wide;
    EXPECT(RegQueryValueExW(key, name, NULL, &type, (LPBYTE)wide, &size) == ERROR_SUCCESS);
    EXPECT(size == 34 && wide[0] == 'C' && wide[8] == '"' && wide[16] == 0);
    WCHAR list[] = { 'L', 'i', 's', 't', 0 };
    size = sizeof wide;
    EXPECT(RegQueryValueExW(key, list, NULL, &type, (LPBYTE)wide, &size) == ERROR_SUCCESS && size == 12);
    EXPECT(wide[0] == 'a' && wide[1] == 0 && wide[2] == 'b' && wide[3] == 'c' && wide[4] == 0 && wide[5] == 0);
    EXPECT(RegCloseKey(key) == ERROR_SUCCESS);
    return 1;
}

CHECK(reg_get_value) {
    EXPECT(write_registry(scratch));
    char text[64];
    DWORD type = 0, size = sizeof text;
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Path", RRF_RT_REG_SZ, &type, text, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_SZ && strcmp(text, "/srv/check/log") == 0 && size == 15);
    size = sizeof text;
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Hand", RRF_RT_ANY, &type, text, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_SZ && strcmp(text, "/srv/check/x") == 0);
    size = sizeof text;
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Path", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, text, &size) == ERROR_SUCCESS);
    EXPECT(type == REG_EXPAND_SZ && strcmp(text, "%ISAPI_CHECK%/log") == 0);
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Path", RRF_RT_REG_EXPAND_SZ, &type, text, &size) == ERROR_INVALID_PARAMETER);
    size = sizeof text;
    memset(text, 'x', sizeof text);
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Name", RRF_RT_REG_DWORD | RRF_ZEROONFAILURE, &type, text, &size) ==
           ERROR_UNSUPPORTED_TYPE);
    EXPECT(text[0] == 0 && text[63] == 0);
    DWORD count = 0;
    size = 2;
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Count", RRF_RT_DWORD, &type, &count, &size) == ERROR_MORE_DATA && size == 4);
    size = sizeof count;
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Count", RRF_RT_REG_DWORD, NULL, &count, &size) == ERROR_SUCCESS && count == 42);
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, FILTER_KEY, "Count", 0, NULL, &count, &size) == ERROR_INVALID_PARAMETER);
    EXPECT(RegGetValueA(HKEY_LOCAL_MACHINE, "SOFTWARE\\None", "Count", RRF_RT_ANY, NULL, NULL, &size) == ERROR_FILE_NOT_FOUND);
    WCHAR sub[] = { 'S', 'O', 'F', 'T', 'W', 'A', 'R', 'E', '\\', 'C', 'o', 'n', 't', 'o', 's', 'o', '\\', 'O', 't', 'h', 'e', 'r', 0 };
    WCHAR name[] = { 'X', 0 }, wide[8];
    size = sizeof wide;
    EXPECT(RegGetValueW(HKEY_LOCAL_MACHINE, sub, name, RRF_RT_REG_SZ, &type, wide, &size) == ERROR_SUCCESS);
    EXPECT(size == 4 && wide[0] == 'y' && wide[1] == 0);
    return 1;
}

CHECK(reg_close_key) {
    EXPECT(write_registry(scratch));
    HKEY key;
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, FILTER_KEY, 0, KEY_READ, &key) == ERROR_SUCCESS);
    EXPECT(RegCloseKey(key) == ERROR_SUCCESS);
    DWORD size;
    EXPECT(RegQueryValueExA(key, "Name", NULL, NULL, NULL, &size) == ERROR_INVALID_HANDLE);
    EXPECT(RegCloseKey(key) == ERROR_INVALID_HANDLE);
    EXPECT(RegCloseKey(HKEY_LOCAL_MACHINE) == ERROR_SUCCESS);
    return 1;
}

CHECK(reg_writes_refused) {
    EXPECT(write_registry(scratch));
    HKEY key = NULL;
    DWORD disposition = 0, value = 1;
    EXPECT(RegCreateKeyExA(HKEY_LOCAL_MACHINE, FILTER_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition) == ERROR_SUCCESS);
    EXPECT(disposition == REG_OPENED_EXISTING_KEY);
    EXPECT(RegSetValueExA(key, "Count", 0, REG_DWORD, (const BYTE *)&value, sizeof value) == ERROR_ACCESS_DENIED);
    EXPECT(RegCloseKey(key) == ERROR_SUCCESS);
    EXPECT(RegCreateKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\New", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition) ==
           ERROR_ACCESS_DENIED);
    return 1;
}

CHECK(registry_file_missing) {
    char path[600];
    HKEY key;
    SetEnvironmentVariableA("ISAPI_BRIDGE_REGISTRY", scratch_path(path, sizeof path, scratch, "no-such.reg"));
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, FILTER_KEY, 0, KEY_READ, &key) == ERROR_FILE_NOT_FOUND);
    SetEnvironmentVariableA("ISAPI_BRIDGE_REGISTRY", NULL);
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, FILTER_KEY, 0, KEY_READ, &key) == ERROR_FILE_NOT_FOUND);
    /* Read again when the file changes. */
    EXPECT(write_registry(scratch));
    EXPECT(RegOpenKeyExA(HKEY_LOCAL_MACHINE, FILTER_KEY, 0, KEY_READ, &key) == ERROR_SUCCESS && RegCloseKey(key) == ERROR_SUCCESS);
    return 1;
}

static const win32_check_entry checks[] = {
    { "RegOpenKeyEx", reg_open_key_ex }, { "RegQueryValueEx", reg_query_value_ex }, { "RegGetValue", reg_get_value },
    { "RegCloseKey", reg_close_key }, { "RegSetValueEx", reg_writes_refused },
    { "ISAPI_BRIDGE_REGISTRY", registry_file_missing },
};
WIN32_CHECKS_EXPORT(checks)
