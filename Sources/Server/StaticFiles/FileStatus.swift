#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the static file handler needs from `stat(2)`, and whether a file can be opened.
struct FileStatus {
    var isDirectory: Bool
    var isRegularFile: Bool
    var size: Int
    /// Seconds since the epoch.
    var modified: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        isDirectory = type == S_IFDIR
        isRegularFile = type == S_IFREG
        size = Int(info.st_size)
        #if canImport(Darwin)
        modified = Int(info.st_mtimespec.tv_sec)
        #else
        modified = Int(info.st_mtim.tv_sec)
        #endif
    }

    /// Whether the process may open the file for reading (the body is read later, as it is sent).
    static func isReadable(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }
}
