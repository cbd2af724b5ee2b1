import ISAPIHeaders
import ISAPIRuntime
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The buffer protocol of GetServerVariable and GetHeader: `*size` is the capacity on input; on
/// success the value and its terminator are copied and `*size` is what was copied, terminator
/// included; when the buffer is too small the call fails with `ERROR_INSUFFICIENT_BUFFER` and
/// `*size` is the size needed. A NULL buffer with a size of 0 asks for the size; a NULL buffer
/// with any other size is `ERROR_INVALID_PARAMETER`.
enum CBuffer {
    static func fill(_ buffer: UnsafeMutableRawPointer?, size: UnsafeMutablePointer<DWORD>,
                     with value: String, utf16: Bool = false) -> BOOL {
        if utf16 {
            let units = Array(value.utf16)
            return units.withUnsafeBytes { fill(buffer, size: size, bytes: $0, terminator: 2) }
        }
        var value = value
        return value.withUTF8 { fill(buffer, size: size, bytes: UnsafeRawBufferPointer($0), terminator: 1) }
    }

    static func fill(_ buffer: UnsafeMutableRawPointer?, size: UnsafeMutablePointer<DWORD>,
                     bytes: UnsafeRawBufferPointer, terminator: Int) -> BOOL {
        let needed = bytes.count + terminator
        guard needed <= Int(UInt32.max) else { return failing(.insufficientBuffer) }
        guard let buffer else {
            guard size.pointee == 0 else { return failing(.invalidParameter) }
            size.pointee = DWORD(needed)
            return failing(.insufficientBuffer)
        }
        guard Int(size.pointee) >= needed else {
            size.pointee = DWORD(needed)
            return failing(.insufficientBuffer)
        }
        if let base = bytes.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
        (buffer + bytes.count).initializeMemory(as: UInt8.self, repeating: 0, count: terminator)
        size.pointee = DWORD(needed)
        return 1
    }

    /// A NUL-terminated string the filter left at `pointer`, read within `capacity` bytes when the
    /// pointer is `ours` (a buffer we handed out): nil when that buffer holds no terminator.
    static func string(at pointer: UnsafePointer<CChar>?, ours: UnsafeMutableRawPointer?, capacity: Int) -> String? {
        guard let pointer else { return "" }
        if let ours, UnsafeRawPointer(pointer) == UnsafeRawPointer(ours) {
            let length = strnlen(pointer, capacity)
            guard length < capacity else { return nil }
            return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        return String(cString: pointer)
    }

    /// Copies `value` and a NUL into `capacity` bytes at `buffer` (which must be large enough).
    static func place(_ value: String, into buffer: UnsafeMutableRawPointer) {
        var value = value
        value.withUTF8 { bytes in
            if let base = bytes.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
            buffer.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
        }
    }
}
