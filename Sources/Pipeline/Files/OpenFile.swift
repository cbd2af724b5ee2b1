#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor opened for reading, shared by the file cache and every response that sends
/// from it; it closes when the last of them lets go. Reads must use explicit offsets (`pread`,
/// `sendfile` with an offset), never the shared file position.
public final class OpenFile: Sendable, Equatable {
    public let descriptor: CInt

    /// Takes ownership of `descriptor`.
    package init(descriptor: CInt) { self.descriptor = descriptor }

    deinit { _ = close(descriptor) }

    public static func == (a: OpenFile, b: OpenFile) -> Bool { a === b }
}
