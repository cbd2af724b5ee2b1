#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks at a path on disk: `realpath`, `stat`, and for a regular file `open` and (small files) one
/// read. This blocks on the disk, so it runs off the event loop (`FileCache.refresh`).
package enum FileProbe {
    /// What is at `path` now. A regular file whose identity matches `previous` keeps its body
    /// (bytes or descriptor) instead of being read again.
    package static func look(at path: String, previous: CachedFile?, maxBytesInMemory: Int) -> CachedFile {
        guard let real = realPath(path) else {
            return CachedFile(kind: errno == EACCES ? .notPermitted : .missing)
        }
        var info = stat()
        guard stat(real, &info) == 0 else { return CachedFile(kind: errno == EACCES ? .notPermitted : .missing, realPath: real) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return CachedFile(kind: .directory, realPath: real)
        case S_IFREG: break
        default: return CachedFile(kind: .other, realPath: real)
        }
        if let previous, previous.kind == .regularFile, previous.realPath == real, previous.identity == identity(info) {
            return previous
        }
        let descriptor = open(real, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return CachedFile(kind: errno == EACCES ? .notPermitted : .missing, realPath: real) }
        // The identity of what was opened, not of what `stat` saw a moment before.
        if fstat(descriptor, &info) != 0 {
            close(descriptor)
            return CachedFile(kind: .missing, realPath: real)
        }
        var file = CachedFile(kind: .regularFile, realPath: real)
        file.identity = identity(info)
        if file.identity.size <= maxBytesInMemory {
            let bytes = readAll(descriptor, size: file.identity.size)
            close(descriptor)
            // A file that changed size while read is described by what was read.
            file.identity.size = bytes.count
            file.body = .bytes(bytes)
        } else {
            file.body = .descriptor(OpenFile(descriptor: descriptor))
        }
        file.describe(etag: EntityTag.of(file.identity), lastModified: HTTPDate.format(file.identity.modifiedSeconds),
                      contentType: MediaType.forFile(real))
        return file
    }

    static func identity(_ info: stat) -> CachedFile.Identity {
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return CachedFile.Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int(info.st_size),
                                   modifiedSeconds: Int(modified.tv_sec), modifiedNanoseconds: Int(modified.tv_nsec))
    }

    static func readAll(_ descriptor: CInt, size: Int) -> [UInt8] {
        guard size > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = pread(descriptor, buffer.baseAddress! + count, size - count, off_t(count))
                if got > 0 {
                    count += got
                } else if got < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
    }

    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
