/* Win32 layer checks: files and directories (isapi_bridge_win32_files.h). Each check works in
 * its own directory under the scratch directory the test gives. */
#include "win32_check.h"

/* <scratch>/<check>/ made fresh; paths below it are written with backslashes, as Windows code does. */
static const char *directory_for(char *out, size_t size, const char *scratch, const char *check) {
    snprintf(out, size, "%s/%s", scratch, check);
    CreateDirectoryA(out, NULL);
    return out;
}

static HANDLE create(const char *path, DWORD access, DWORD disposition) {
    return CreateFileA(path, access, FILE_SHARE_READ, NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
}

CHECK(create_file) {
    char directory[512], path[600], missing[600];
    directory_for(directory, sizeof directory, scratch, "create_file");
    snprintf(path, sizeof path, "%s\\a.txt", directory);
    snprintf(missing, sizeof missing, "%s\\no-such-directory\\a.txt", directory);
    EXPECT(create(path, GENERIC_READ, OPEN_EXISTING) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND);
    EXPECT(create(missing, GENERIC_READ, OPEN_EXISTING) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND);
    EXPECT(create(path, GENERIC_READ, TRUNCATE_EXISTING) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(create(path, GENERIC_READ, 99) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER);
    HANDLE file = create(path, GENERIC_WRITE, CREATE_NEW);
    EXPECT(file != INVALID_HANDLE_VALUE && GetLastError() == ERROR_SUCCESS && CloseHandle(file));
    EXPECT(create(path, GENERIC_WRITE, CREATE_NEW) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS);
    file = create(path, GENERIC_WRITE, CREATE_ALWAYS);
    EXPECT(file != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS && CloseHandle(file));
    file = create(path, GENERIC_READ, OPEN_ALWAYS);
    EXPECT(file != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS && CloseHandle(file));
    char fresh[600];
    snprintf(fresh, sizeof fresh, "%s\\b.txt", directory);
    file = create(fresh, GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS);
    EXPECT(file != INVALID_HANDLE_VALUE && GetLastError() == ERROR_SUCCESS && CloseHandle(file));
    /* A directory opens only with FILE_FLAG_BACKUP_SEMANTICS. */
    EXPECT(create(directory, GENERIC_READ, OPEN_EXISTING) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED);
    file = CreateFileA(directory, GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    EXPECT(file != INVALID_HANDLE_VALUE && CloseHandle(file));
    /* Temporary files go with their last handle. */
    char temporary[600];
    snprintf(temporary, sizeof temporary, "%s/temporary", directory);
    file = CreateFileA(temporary, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    EXPECT(file != INVALID_HANDLE_VALUE && GetFileAttributesA(temporary) != INVALID_FILE_ATTRIBUTES);
    EXPECT(CloseHandle(file) && GetFileAttributesA(temporary) == INVALID_FILE_ATTRIBUTES);
    /* Asynchronous I/O is refused. */
    EXPECT(CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL) == INVALID_HANDLE_VALUE &&
           GetLastError() == ERROR_INVALID_PARAMETER);
    WCHAR wide[600];
    size_t i = 0;
    for (; path[i]; i++) wide[i] = (WCHAR)(unsigned char)path[i];
    wide[i] = 0;
    file = CreateFileW(wide, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    EXPECT(file != INVALID_HANDLE_VALUE && CloseHandle(file));
    return 1;
}

CHECK(read_write_file) {
    char directory[512], path[600];
    directory_for(directory, sizeof directory, scratch, "read_write");
    snprintf(path, sizeof path, "%s\\data.bin", directory);
    HANDLE file = create(path, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    DWORD done = 99;
    EXPECT(WriteFile(file, "hello, world", 12, &done, NULL) && done == 12);
    EXPECT(!WriteFile(file, "x", 1, NULL, NULL) && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(SetFilePointer(file, 0, NULL, FILE_BEGIN) == 0);
    char buffer[32] = { 0 };
    EXPECT(ReadFile(file, buffer, 5, &done, NULL) && done == 5 && memcmp(buffer, "hello", 5) == 0);
    EXPECT(ReadFile(file, buffer, sizeof buffer, &done, NULL) && done == 7 && memcmp(buffer, ", world", 7) == 0);
    EXPECT(ReadFile(file, buffer, sizeof buffer, &done, NULL) && done == 0); /* end of file: TRUE, 0 bytes */
    EXPECT(!ReadFile((HANDLE)(uintptr_t)0x7FFF0, buffer, 1, &done, NULL) && GetLastError() == ERROR_INVALID_HANDLE);
    EXPECT(FlushFileBuffers(file));
    EXPECT(WaitForSingleObject(file, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE); /* not waitable */
    EXPECT(CloseHandle(file));
    /* A read-only handle cannot write. */
    file = create(path, GENERIC_READ, OPEN_EXISTING);
    EXPECT(!WriteFile(file, "x", 1, &done, NULL) && GetLastError() == ERROR_ACCESS_DENIED && done == 0);
    EXPECT(CloseHandle(file));
    return 1;
}

CHECK(set_file_pointer) {
    char directory[512], path[600];
    directory_for(directory, sizeof directory, scratch, "pointer");
    snprintf(path, sizeof path, "%s/p.bin", directory);
    HANDLE file = create(path, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    DWORD done;
    WriteFile(file, "0123456789", 10, &done, NULL);
    EXPECT(SetFilePointer(file, -3, NULL, FILE_END) == 7 && GetLastError() == ERROR_SUCCESS);
    EXPECT(SetFilePointer(file, 1, NULL, FILE_CURRENT) == 8);
    EXPECT(SetFilePointer(file, -20, NULL, FILE_CURRENT) == INVALID_SET_FILE_POINTER && GetLastError() == ERROR_NEGATIVE_SEEK);
    EXPECT(SetFilePointer(file, 0, NULL, FILE_CURRENT) == 8); /* unchanged by the failure */
    LONG high = 0;
    EXPECT(SetFilePointer(file, 2, &high, FILE_BEGIN) == 2 && high == 0);
    LARGE_INTEGER distance, position;
    distance.QuadPart = 5000000000LL;
    EXPECT(SetFilePointerEx(file, distance, &position, FILE_BEGIN) && position.QuadPart == 5000000000LL);
    distance.QuadPart = 4;
    EXPECT(SetFilePointerEx(file, distance, &position, FILE_BEGIN) && position.QuadPart == 4);
    EXPECT(SetEndOfFile(file) && GetFileSize(file, NULL) == 4);
    EXPECT(SetFilePointer(file, 0, NULL, 7) == INVALID_SET_FILE_POINTER && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(CloseHandle(file));
    return 1;
}

CHECK(get_file_size) {
    char directory[512], path[600];
    directory_for(directory, sizeof directory, scratch, "size");
    snprintf(path, sizeof path, "%s/s.bin", directory);
    HANDLE file = create(path, GENERIC_WRITE, CREATE_ALWAYS);
    DWORD done, high = 99;
    WriteFile(file, "abcdef", 6, &done, NULL);
    EXPECT(GetFileSize(file, &high) == 6 && high == 0 && GetLastError() == ERROR_SUCCESS);
    LARGE_INTEGER size;
    EXPECT(GetFileSizeEx(file, &size) && size.QuadPart == 6 && size.LowPart == 6 && size.u.HighPart == 0);
    EXPECT(!GetFileSizeEx(file, NULL) && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(CloseHandle(file));
    EXPECT(GetFileSize(file, NULL) == INVALID_FILE_SIZE && GetLastError() == ERROR_INVALID_HANDLE);
    return 1;
}

CHECK(get_file_attributes) {
    char directory[512], path[600], hidden[600];
    directory_for(directory, sizeof directory, scratch, "attributes");
    snprintf(path, sizeof path, "%s\\plain.txt", directory);
    snprintf(hidden, sizeof hidden, "%s\\.hidden", directory);
    CloseHandle(create(path, GENERIC_WRITE, CREATE_ALWAYS));
    CloseHandle(create(hidden, GENERIC_WRITE, CREATE_ALWAYS));
    EXPECT(GetFileAttributesA(directory) == FILE_ATTRIBUTE_DIRECTORY);
    EXPECT(GetFileAttributesA(path) == FILE_ATTRIBUTE_NORMAL);
    EXPECT(GetFileAttributesA(hidden) & FILE_ATTRIBUTE_HIDDEN);
    char missing[600];
    snprintf(missing, sizeof missing, "%s\\nothing", directory);
    EXPECT(GetFileAttributesA(missing) == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_FILE_NOT_FOUND);
    snprintf(missing, sizeof missing, "%s\\nothing\\deeper", directory);
    EXPECT(GetFileAttributesA(missing) == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_PATH_NOT_FOUND);
    CloseHandle(create(path, GENERIC_WRITE, CREATE_ALWAYS));
    HANDLE file = create(path, GENERIC_WRITE, OPEN_EXISTING);
    DWORD done;
    WriteFile(file, "1234567", 7, &done, NULL);
    CloseHandle(file);
    WIN32_FILE_ATTRIBUTE_DATA data;
    EXPECT(GetFileAttributesExA(path, GetFileExInfoStandard, &data));
    EXPECT(data.dwFileAttributes == FILE_ATTRIBUTE_NORMAL && data.nFileSizeLow == 7 && data.nFileSizeHigh == 0);
    /* Written in this century: the high part of a FILETIME after 2001 exceeds 0x01C00000. */
    EXPECT(data.ftLastWriteTime.dwHighDateTime > 0x01C00000u);
    EXPECT(!GetFileAttributesExA(path, GetFileExMaxInfoLevel, &data) && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(!GetFileAttributesExA(missing, GetFileExInfoStandard, &data) && GetLastError() == ERROR_PATH_NOT_FOUND);
    return 1;
}

CHECK(get_file_information_by_handle) {
    char directory[512], path[600];
    directory_for(directory, sizeof directory, scratch, "information");
    snprintf(path, sizeof path, "%s/i.bin", directory);
    HANDLE file = create(path, GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS);
    DWORD done;
    WriteFile(file, "abc", 3, &done, NULL);
    BY_HANDLE_FILE_INFORMATION information;
    EXPECT(GetFileInformationByHandle(file, &information));
    EXPECT(information.nFileSizeLow == 3 && information.nNumberOfLinks == 1);
    EXPECT(information.nFileIndexLow != 0 || information.nFileIndexHigh != 0);
    EXPECT(!GetFileInformationByHandle(file, NULL) && GetLastError() == ERROR_INVALID_PARAMETER);
    EXPECT(CloseHandle(file));
    return 1;
}

CHECK(delete_file) {
    char directory[512], path[600];
    directory_for(directory, sizeof directory, scratch, "delete");
    snprintf(path, sizeof path, "%s\\gone.txt", directory);
    CloseHandle(create(path, GENERIC_WRITE, CREATE_ALWAYS));
    EXPECT(DeleteFileA(path));
    EXPECT(!DeleteFileA(path) && GetLastError() == ERROR_FILE_NOT_FOUND);
    EXPECT(!DeleteFileA(directory) && GetLastError() == ERROR_ACCESS_DENIED);
    return 1;
}

CHECK(create_directory) {
    char directory[512], path[600];
    directory_for(directory, sizeof directory, scratch, "directories");
    snprintf(path, sizeof path, "%s\\sub", directory);
    EXPECT(CreateDirectoryA(path, NULL) && GetFileAttributesA(path) == FILE_ATTRIBUTE_DIRECTORY);
    EXPECT(!CreateDirectoryA(path, NULL) && GetLastError() == ERROR_ALREADY_EXISTS);
    snprintf(path, sizeof path, "%s\\missing\\sub", directory);
    EXPECT(!CreateDirectoryA(path, NULL) && GetLastError() == ERROR_PATH_NOT_FOUND);
    snprintf(path, sizeof path, "%s\\sub\\file", directory);
    CloseHandle(create(path, GENERIC_WRITE, CREATE_ALWAYS));
    snprintf(path, sizeof path, "%s\\sub", directory);
    EXPECT(!RemoveDirectoryA(path) && GetLastError() == ERROR_DIR_NOT_EMPTY);
    snprintf(path, sizeof path, "%s\\sub\\file", directory);
    EXPECT(DeleteFileA(path));
    snprintf(path, sizeof path, "%s\\sub", directory);
    EXPECT(RemoveDirectoryA(path) && GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES);
    return 1;
}

CHECK(find_first_file) {
    char directory[512], path[600];
    directory_for(directory, sizeof directory, scratch, "find");
    const char *names[] = { "one.txt", "TWO.TXT", "three.log" };
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", directory, names[i]);
        CloseHandle(create(path, GENERIC_WRITE, CREATE_ALWAYS));
    }
    WIN32_FIND_DATAA found;
    snprintf(path, sizeof path, "%s\\*.txt", directory);
    HANDLE find = FindFirstFileA(path, &found);
    EXPECT(find != INVALID_HANDLE_VALUE);
    int count = 1;
    while (FindNextFileA(find, &found)) {
        EXPECT(strcmp(found.cFileName, "one.txt") == 0 || strcmp(found.cFileName, "TWO.TXT") == 0);
        count++;
    }
    EXPECT(count == 2 && GetLastError() == ERROR_NO_MORE_FILES);
    EXPECT(FindClose(find));
    EXPECT(!FindClose(find) && GetLastError() == ERROR_INVALID_HANDLE);
    snprintf(path, sizeof path, "%s\\*.*", directory); /* every name, "." and ".." too */
    find = FindFirstFileA(path, &found);
    for (count = 1; FindNextFileA(find, &found); count++) {}
    EXPECT(count == 5 && FindClose(find));
    snprintf(path, sizeof path, "%s\\*.none", directory);
    EXPECT(FindFirstFileA(path, &found) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND);
    snprintf(path, sizeof path, "%s\\missing\\*", directory);
    EXPECT(FindFirstFileA(path, &found) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND);
    snprintf(path, sizeof path, "%s\\three.log", directory);
    WCHAR wide[600];
    size_t i = 0;
    for (; path[i]; i++) wide[i] = (WCHAR)(unsigned char)path[i];
    wide[i] = 0;
    WIN32_FIND_DATAW wide_found;
    find = FindFirstFileW(wide, &wide_found);
    EXPECT(find != INVALID_HANDLE_VALUE && wide_found.cFileName[0] == 't' && wide_found.cFileName[9] == 0);
    EXPECT(FindClose(find));
    return 1;
}

CHECK(move_file) {
    char directory[512], from[600], to[600];
    directory_for(directory, sizeof directory, scratch, "move");
    snprintf(from, sizeof from, "%s\\from.txt", directory);
    snprintf(to, sizeof to, "%s\\to.txt", directory);
    CloseHandle(create(from, GENERIC_WRITE, CREATE_ALWAYS));
    CloseHandle(create(to, GENERIC_WRITE, CREATE_ALWAYS));
    EXPECT(!MoveFileA(from, to) && GetLastError() == ERROR_ALREADY_EXISTS);
    EXPECT(MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING) && GetFileAttributesA(from) == INVALID_FILE_ATTRIBUTES);
    EXPECT(!MoveFileA(from, to) && GetLastError() == ERROR_FILE_NOT_FOUND);
    EXPECT(MoveFileA(to, from) && GetFileAttributesA(from) == FILE_ATTRIBUTE_NORMAL);
    EXPECT(!MoveFileExA(from, directory, MOVEFILE_REPLACE_EXISTING) && GetLastError() == ERROR_ACCESS_DENIED);
    return 1;
}

CHECK(copy_file) {
    char directory[512], from[600], to[600];
    directory_for(directory, sizeof directory, scratch, "copy");
    snprintf(from, sizeof from, "%s/from.txt", directory);
    snprintf(to, sizeof to, "%s/to.txt", directory);
    HANDLE file = create(from, GENERIC_WRITE, CREATE_ALWAYS);
    DWORD done;
    WriteFile(file, "copied bytes", 12, &done, NULL);
    CloseHandle(file);
    EXPECT(CopyFileA(from, to, TRUE));
    EXPECT(!CopyFileA(from, to, TRUE) && GetLastError() == ERROR_FILE_EXISTS);
    EXPECT(CopyFileA(from, to, FALSE));
    char buffer[32] = { 0 };
    file = create(to, GENERIC_READ, OPEN_EXISTING);
    EXPECT(ReadFile(file, buffer, sizeof buffer, &done, NULL) && done == 12 && memcmp(buffer, "copied bytes", 12) == 0);
    CloseHandle(file);
    snprintf(from, sizeof from, "%s/none", directory);
    EXPECT(!CopyFileA(from, to, FALSE) && GetLastError() == ERROR_FILE_NOT_FOUND);
    return 1;
}

CHECK(get_temp_path) {
    char path[600], small[2];
    DWORD length = GetTempPathA(sizeof path, path);
    EXPECT(length > 0 && length == strlen(path) && path[length - 1] == '/');
    EXPECT(GetTempPathA(sizeof small, small) == length + 1);
    length = GetCurrentDirectoryA(sizeof path, path);
    EXPECT(length > 0 && length == strlen(path) && path[0] == '/');
    EXPECT(GetCurrentDirectoryA(sizeof small, small) == length + 1);
    char name[MAX_PATH];
    UINT number = GetTempFileNameA(scratch, "isapi", 0, name);
    EXPECT(number != 0 && strncmp(name + strlen(scratch), "/isa", 4) == 0);
    EXPECT(strcmp(name + strlen(name) - 4, ".tmp") == 0 && GetFileAttributesA(name) == FILE_ATTRIBUTE_NORMAL);
    EXPECT(GetTempFileNameA(scratch, "x", 0x1A2B, name) == 0x1A2B && strcmp(name + strlen(scratch), "/x1A2B.tmp") == 0);
    EXPECT(GetFileAttributesA(name) == INVALID_FILE_ATTRIBUTES); /* a given number creates nothing */
    snprintf(path, sizeof path, "%s/none", scratch);
    EXPECT(GetTempFileNameA(path, "x", 0, name) == 0 && GetLastError() == ERROR_DIRECTORY);
    return 1;
}

static const win32_check_entry checks[] = {
    { "CreateFile", create_file }, { "ReadFile", read_write_file }, { "SetFilePointer", set_file_pointer },
    { "GetFileSize", get_file_size }, { "GetFileAttributes", get_file_attributes },
    { "GetFileInformationByHandle", get_file_information_by_handle }, { "DeleteFile", delete_file },
    { "CreateDirectory", create_directory }, { "FindFirstFile", find_first_file }, { "MoveFile", move_file },
    { "CopyFile", copy_file }, { "GetTempPath", get_temp_path },
};
WIN32_CHECKS_EXPORT(checks)
