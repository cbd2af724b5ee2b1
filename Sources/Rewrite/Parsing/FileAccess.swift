#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path names, for `-d`, `-f`, `-s`, `-l`, `-x` conditions.
public enum FileKind: Sendable, Equatable {
    case missing
    case regularFile(size: Int64, executable: Bool)
    case directory
    case symbolicLink
    /// Something else (device, socket...).
    case other
}

/// The few file-system calls the rules loader and the default environment need (no Foundation).
enum FileAccess {
    /// The whole file, or an error text for a warning.
    static func read(_ path: String) -> Result<[UInt8], FileReadError> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(FileReadError(path: path, reason: lastErrorText())) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileReadError(path: path, reason: lastErrorText()))
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            if bytes.count > 64 * 1024 * 1024 {
                return .failure(FileReadError(path: path, reason: "file is larger than 64 MiB"))
            }
        }
        return .success(bytes)
    }

    /// Modification time and size, nil when the file cannot be stat'ed.
    static func stamp(_ path: String) -> SourceFileStamp {
        var info = stat()
        guard stat(path, &info) == 0 else { return SourceFileStamp(path: path, modified: nil, size: nil) }
        let nanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return SourceFileStamp(path: path, modified: nanoseconds, size: Int64(info.st_size))
    }

    static func kind(_ path: String) -> FileKind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            return .symbolicLink
        case S_IFDIR:
            return .directory
        case S_IFREG:
            return .regularFile(size: Int64(info.st_size), executable: info.st_mode & 0o111 != 0)
        default:
            return .other
        }
    }

    /// `kind` following symbolic links (what `-f`/`-d` test), except that a link itself is reported
    /// as `.symbolicLink` only when `followLinks` is false.
    static func kind(_ path: String, followLinks: Bool) -> FileKind {
        guard followLinks else { return kind(path) }
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile(size: Int64(info.st_size), executable: info.st_mode & 0o111 != 0)
        default: return .other
        }
    }

    /// The directory part of `path` ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `name` relative to `directory` unless it is absolute; Windows separators become `/`.
    static func resolve(_ name: String, relativeTo directory: String) -> String {
        let normalized = String(name.map { $0 == "\\" ? "/" : $0 })
        if normalized.hasPrefix("/") { return normalized }
        return directory == "/" ? "/" + normalized : directory + "/" + normalized
    }

    private static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }
}

/// A file that could not be read.
struct FileReadError: Error, Sendable, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot read '\(path)': \(reason)" }
}
