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
    /// The file already open (from the file cache): the server sends from it without opening the
    /// path on the event loop. Readers that need the bytes (`ResponseFileReader`) open `path`.
    public var opened: OpenFile?

    public init(path: String, offset: Int = 0, length: Int, opened: OpenFile? = nil) {
        self.path = path
        self.offset = max(0, offset)
        self.length = max(0, length)
        self.opened = opened
    }

    /// The size of the chunks a file body is read in where its bytes are needed.
    public static let chunkSize = 64 * 1024

    /// Reads the range in chunks of at most `chunkSize`, handing each to `body`. Returns the
    /// number of bytes read: less than `length` when the file cannot be opened or became shorter.
    @discardableResult
    public func readChunks(_ body: ([UInt8]) -> Void) -> Int {
        let reader = ResponseFileReader(self)
        while let chunk = reader.next() { body(chunk) }
        return reader.done
    }
}

/// Reads a `ResponseFile` one chunk at a time, keeping the file open between chunks (a pump that
/// pauses while the client is slow). The descriptor closes at the end, on `close()` or when the
/// reader goes away, whichever comes first.
public final class ResponseFileReader {
    public let file: ResponseFile
    private var descriptor: Int32
    /// Bytes read so far.
    public private(set) var done = 0

    public init(_ file: ResponseFile) {
        self.file = file
        descriptor = file.length > 0 ? open(file.path, O_RDONLY | O_CLOEXEC) : -1
    }

    deinit { close() }

    /// The next chunk of at most `ResponseFile.chunkSize` bytes; nil at the end of the range, when
    /// the file cannot be read or became shorter (then `done < file.length`).
    public func next() -> [UInt8]? {
        guard descriptor >= 0, done < file.length else {
            close()
            return nil
        }
        let want = min(ResponseFile.chunkSize, file.length - done)
        var failed = false
        let start = file.offset + done
        let chunk = [UInt8](unsafeUninitializedCapacity: want) { buffer, count in
            count = 0
            while count < want {
                let got = pread(descriptor, buffer.baseAddress! + count, want - count, off_t(start + count))
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
        done += chunk.count
        if failed || done >= file.length { close() }
        return chunk.isEmpty ? nil : chunk
    }

    /// Closes the file; `next()` returns nil from then on.
    public func close() {
        guard descriptor >= 0 else { return }
        closeDescriptor(descriptor)
        descriptor = -1
    }
}

/// `close(2)`, out of the way of `ResponseFileReader.close()`.
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }

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
