#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The current size of an open file, for sending no more than it holds.
enum FileSize {
    static func of(descriptor: CInt) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return 0 }
        return Int(info.st_size)
    }
}
