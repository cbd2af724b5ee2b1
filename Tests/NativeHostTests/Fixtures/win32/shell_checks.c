/* Win32 layer checks: shlwapi.h path and string helpers, winsock2.h/ws2tcpip.h names. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <shlwapi.h>
#include "win32_check.h"

CHECK(path_combine) {
    USES_SCRATCH;
    char out[MAX_PATH];
    EXPECT(PathCombineA(out, "C:\\site\\bin", "..\\conf\\x.ini") == out && strcmp(out, "C:\\site\\conf\\x.ini") == 0);
    EXPECT(PathCombineA(out, "/srv/site", "conf/./x.ini") && strcmp(out, "/srv/site/conf/x.ini") == 0);
    EXPECT(PathCombineA(out, "/srv/site", "/etc/x") && strcmp(out, "/etc/x") == 0); /* a rooted file wins */
    EXPECT(PathCombineA(out, "conf", "x.ini") && strcmp(out, "conf/x.ini") == 0);
    EXPECT(PathCombineA(out, "/a", "../../b") && strcmp(out, "/b") == 0); /* never above the root */
    char longer[300];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = 0;
    EXPECT(PathCombineA(out, "/srv", longer) == NULL && out[0] == 0);
    EXPECT(PathCombineA(out, NULL, NULL) == NULL);
    WCHAR wide[MAX_PATH], left[] = { '/', 'a', 0 }, right[] = { 'b', 0 };
    EXPECT(PathCombineW(wide, left, right) == wide && wide[0] == '/' && wide[1] == 'a' && wide[2] == '/' && wide[3] == 'b' && wide[4] == 0);
    return 1;
}

CHECK(path_append) {
    USES_SCRATCH;
    char path[MAX_PATH] = "C:\\inetpub";
    EXPECT(PathAppendA(path, "\\filters\\x.dll") && strcmp(path, "C:\\inetpub\\filters\\x.dll") == 0);
    char linux_path[MAX_PATH] = "/srv/site/";
    EXPECT(PathAppendA(linux_path, "logs") && strcmp(linux_path, "/srv/site/logs") == 0);
    char full[MAX_PATH];
    memset(full, 'a', 250);
    full[250] = 0;
    EXPECT(!PathAppendA(full, "0123456789") && strlen(full) == 250);
    return 1;
}

CHECK(path_remove_file_spec) {
    USES_SCRATCH;
    char a[MAX_PATH] = "C:\\site\\bin\\filter.dll", b[MAX_PATH] = "/x", c[MAX_PATH] = "/", d[MAX_PATH] = "name.txt";
    char e[MAX_PATH] = "C:\\";
    EXPECT(PathRemoveFileSpecA(a) && strcmp(a, "C:\\site\\bin") == 0);
    EXPECT(PathRemoveFileSpecA(b) && strcmp(b, "/") == 0);
    char f[MAX_PATH] = "/srv/x";
    EXPECT(PathRemoveFileSpecA(f) && strcmp(f, "/srv") == 0);
    EXPECT(!PathRemoveFileSpecA(c) && strcmp(c, "/") == 0);
    EXPECT(PathRemoveFileSpecA(d) && d[0] == 0);
    EXPECT(!PathRemoveFileSpecA(e) && strcmp(e, "C:\\") == 0);
    return 1;
}

CHECK(path_find_file_name) {
    USES_SCRATCH;
    const char *path = "C:\\site\\bin\\filter.dll";
    EXPECT(strcmp(PathFindFileNameA(path), "filter.dll") == 0);
    EXPECT(strcmp(PathFindFileNameA("/srv/x/"), "x/") == 0);
    EXPECT(strcmp(PathFindFileNameA("plain"), "plain") == 0);
    EXPECT(strcmp(PathFindExtensionA(path), ".dll") == 0);
    EXPECT(*PathFindExtensionA("/srv/x.d/name") == 0);
    EXPECT(strcmp(PathFindExtensionA("archive.tar.gz"), ".gz") == 0);
    char strip[MAX_PATH] = "/srv/site/index.html", extension[MAX_PATH] = "index.html";
    PathStripPathA(strip);
    PathRemoveExtensionA(extension);
    EXPECT(strcmp(strip, "index.html") == 0 && strcmp(extension, "index") == 0);
    char slash[MAX_PATH] = "C:\\a";
    EXPECT(PathAddBackslashA(slash) == slash + 5 && strcmp(slash, "C:\\a\\") == 0);
    EXPECT(*PathRemoveBackslashA(slash) == 0 && strcmp(slash, "C:\\a") == 0);
    EXPECT(PathIsRelativeA("a\\b") && !PathIsRelativeA("\\a") && !PathIsRelativeA("C:\\a") && !PathIsRelativeA("/a"));
    return 1;
}

CHECK(path_file_exists) {
    char path[600];
    EXPECT(PathFileExistsA(scratch) && PathIsDirectoryA(scratch) == FILE_ATTRIBUTE_DIRECTORY);
    EXPECT(!PathFileExistsA(scratch_path(path, sizeof path, scratch, "nothing-here")) && GetLastError() == ERROR_FILE_NOT_FOUND);
    EXPECT(!PathIsDirectoryA(path));
    return 1;
}

CHECK(str_str_i) {
    USES_SCRATCH;
    const char *text = "Mozilla/5.0 (Windows NT 10.0)";
    EXPECT(StrStrIA(text, "windows nt") == text + 13);
    EXPECT(StrStrIA(text, "linux") == NULL);
    EXPECT(StrStrIA(text, "") == text);
    EXPECT(StrCmpIA("Content-Type", "content-type") == 0 && StrCmpIA("a", "B") < 0);
    EXPECT(StrCmpNIA("HTTP/1.1", "http/1.0", 6) == 0 && StrCmpNIA("HTTP/1.1", "http/1.0", 8) > 0);
    EXPECT(StrChrA(text, '/') == text + 7 && StrRChrA(text, NULL, '.') == text + 26);
    EXPECT(StrToIntA("-42x") == -42);
    char *copy = StrDupA("dup");
    EXPECT(copy && strcmp(copy, "dup") == 0 && LocalFree(copy) == NULL);
    WCHAR hay[] = { 'A', 'b', 'C', 0 }, needle[] = { 'c', 0 };
    EXPECT(StrStrIW(hay, needle) == hay + 2);
    return 1;
}

CHECK(winsock) {
    USES_SCRATCH;
    WSADATA data;
    EXPECT(WSAStartup(MAKEWORD(2, 2), &data) == 0 && data.wVersion == MAKEWORD(2, 2));
    SOCKET bad = socket(-1, SOCK_STREAM, 0);
    EXPECT(bad == INVALID_SOCKET && WSAGetLastError() == WSAEAFNOSUPPORT);
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT(s != INVALID_SOCKET);
    u_long on = 1;
    EXPECT(ioctlsocket(s, FIONBIO, &on) == 0);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT(bind(s, (struct sockaddr *)&address, sizeof address) == 0 && listen(s, 1) == 0);
    EXPECT(accept(s, NULL, NULL) == -1 && WSAGetLastError() == WSAEWOULDBLOCK); /* non-blocking, nobody waiting */
    EXPECT(ioctlsocket(s, 0x1234, &on) == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL);
    EXPECT(closesocket(s) == 0);
    EXPECT(closesocket(s) == SOCKET_ERROR && WSAGetLastError() == WSAEBADF);
    WSASetLastError(WSAECONNRESET);
    EXPECT(WSAGetLastError() == WSAECONNRESET);
    struct in_addr parsed;
    EXPECT(InetPtonA(AF_INET, "127.0.0.1", &parsed) == 1 && parsed.s_addr == htonl(INADDR_LOOPBACK));
    EXPECT(WSACleanup() == 0);
    return 1;
}

static const win32_check_entry checks[] = {
    { "PathCombine", path_combine }, { "PathAppend", path_append }, { "PathRemoveFileSpec", path_remove_file_spec },
    { "PathFindFileName", path_find_file_name }, { "PathFileExists", path_file_exists }, { "StrStrI", str_str_i },
    { "WSAStartup", winsock },
};
WIN32_CHECKS_EXPORT(checks)
