#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A response body part taken from a file (IIS's `HttpDataChunkFromFileHandle`): `length` bytes
/// from `offset`. The pipeline hands it to the server as it is, so the server can stream it
/// (`sendfile`) instead of holding it in memory; only where the bytes themselves are needed
/// (SEND_RAW_DATA filters, the in-process driver) is it read, in bounded chunks.
public struct ResponseFile: Sendable, Equatable {
    public var path: String
    public var offset: Int
    public var length: Int

    public init(path: String, offset: Int = 0, length: Int) {
        self.path = path
        self.offset = max(0, offset)
        self.length = max(0, length)
    }

    /// The size of the chunks a file body is read in where its bytes are needed.
    public static let chunkSize = 64 * 1024

    /// Reads the range in chunks of at most `chunkSize`, handing each to `body`. Returns the
    /// number of bytes read: less than `length` when the file cannot be opened or became shorter.
    @discardableResult
    public func readChunks(_ body: ([UInt8]) -> Void) -> Int {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var done = 0
        while done < length {
            let want = min(Self.chunkSize, length - done)
            var failed = false
            let chunk = [UInt8](unsafeUninitializedCapacity: want) { buffer, count in
                count = 0
                while count < want {
                    let got = pread(descriptor, buffer.baseAddress! + count, want - count, off_t(offset + done + count))
                    if got > 0 {
                        count += got
                    } else if got < 0 && errno == EINTR {
                        continue
                    } else {
                        failed = true
                        break
                    }
                }
            }
            if !chunk.isEmpty { body(chunk) }
            done += chunk.count
            if failed { break }
        }
        return done
    }
}

/// One part of a buffered response body, in the order it was written.
public enum ResponseBodyPart: Sendable, Equatable {
    case bytes([UInt8])
    case file(ResponseFile)

    public var count: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .file(let file): file.length
        }
    }
}
