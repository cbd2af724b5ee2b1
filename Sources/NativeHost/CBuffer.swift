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

    /// What a filter left in a string field after the call.
    enum ReadBack: Equatable {
        case unchanged
        case changed(String)
        /// Our buffer holds no terminator within its size: the filter overran it.
        case unterminated
    }

    /// Compares the string at `pointer` (our buffer `ours` of `capacity` bytes, or a replacement the
    /// filter pointed the field at, or NULL for empty) with `original`; a String is made only when
    /// it changed.
    static func readBack(_ pointer: UnsafePointer<CChar>?, ours: UnsafeMutableRawPointer, capacity: Int,
                         original: String) -> ReadBack {
        guard let pointer else { return original.isEmpty ? .unchanged : .changed("") }
        let length: Int
        if UnsafeRawPointer(pointer) == UnsafeRawPointer(ours) {
            length = strnlen(pointer, capacity)
            if length == capacity { return .unterminated }
        } else {
            length = strlen(pointer)
        }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        var original = original
        let same = original.withUTF8 { $0.count == length && (length == 0 || memcmp($0.baseAddress!, pointer, length) == 0) }
        return same ? .unchanged : .changed(String(decoding: bytes, as: UTF8.self))
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
