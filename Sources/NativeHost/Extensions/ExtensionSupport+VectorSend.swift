import ISAPIHeaders
import ISAPIRuntime
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ExtensionSupport {
    /// One element of an `HSE_RESPONSE_VECTOR`, copied (bytes) or duplicated (a file descriptor)
    /// on the calling thread, so the extension may reuse its buffers and close its handles at once.
    private enum VectorPart {
        case bytes([UInt8])
        case file(ResponseFile)

        var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .file(let file): file.length
            }
        }
    }

    /// `HSE_REQ_VECTOR_SEND`: lpvBuffer is an `HSE_RESPONSE_VECTOR`. With `HSE_IO_SEND_HEADERS` the
    /// status and header block come first (both given; without the flag both must be NULL, as
    /// documented), then each element in order: `cbSize` bytes of a memory buffer from `cbOffset`
    /// (0 bytes is invalid), or of a file from `cbOffset` (0: to the end of the file).
    /// `HSE_IO_ASYNC` needs an `HSE_REQ_IO_COMPLETION` callback, which gets the elements' byte
    /// count; `HSE_IO_DISCONNECT_AFTER_SEND` closes the connection after the response;
    /// `HSE_IO_FINAL_SEND` sends what the response holds now.
    static func vectorSend(_ vector: HSE_RESPONSE_VECTOR, session: ExtensionSession) throws(Win32Error) {
        let flags = vector.dwFlags
        let sendsHeaders = flags & DWORD(HSE_IO_SEND_HEADERS) != 0
        let status = vector.pszStatus.map { String(cString: $0) }
        let headers = vector.pszHeaders.map { String(cString: $0) }
        guard sendsHeaders == (status != nil), sendsHeaders == (headers != nil) else { throw .invalidParameter }
        let count = Int(vector.nElementCount)
        guard count == 0 || vector.lpElementArray != nil else { throw .invalidParameter }
        var parts: [VectorPart] = []
        for index in 0..<count {
            parts.append(try part(vector.lpElementArray![index]))
        }
        let total = parts.reduce(0) { $0 + $1.count }
        let async = flags & DWORD(HSE_IO_ASYNC) != 0
        let outcome = session.onExecutor { session -> Win32Error in
            guard session.phase == .running || session.phase == .pending else { return .invalidParameter }
            if async && session.ioCompletion == nil { return .invalidParameter }
            if sendsHeaders {
                do throws(Win32Error) {
                    try session.sendHeaders(status: status, headers: headers, keepConnection: nil)
                } catch {
                    return error
                }
            }
            for part in parts {
                switch part {
                case .bytes(let bytes): session.write(bytes, flags: 0)
                case .file(let file): session.write(file)
                }
            }
            if flags & DWORD(HSE_IO_DISCONNECT_AFTER_SEND) != 0 { session.context.response.needsDisconnect = true }
            if flags & DWORD(HSE_IO_FINAL_SEND) != 0 { session.context.response.flush() }
            if async { session.completeAsync(bytes: total) }
            return .success
        }
        guard let outcome else { throw .invalidParameter }
        if outcome != .success { throw outcome }
    }

    private static func part(_ element: HSE_VECTOR_ELEMENT) throws(Win32Error) -> VectorPart {
        guard element.cbOffset <= UInt64(Int.max), element.cbSize <= UInt64(Int.max) else { throw .invalidParameter }
        let offset = Int(element.cbOffset), size = Int(element.cbSize)
        switch element.ElementType {
        case DWORD(HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER):
            guard let base = element.pvContext, size > 0 else { throw .invalidParameter }
            return .bytes(Array(UnsafeRawBufferPointer(start: base + offset, count: size)))
        case DWORD(HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE):
            let descriptor = isapi_file_descriptor_duplicate(element.pvContext)
            guard descriptor >= 0 else { throw Win32Error(isapi_runtime_get_last_error()) }
            let opened = OpenFile(descriptor: descriptor)
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw .invalidParameter }
            let fileSize = Int(status.st_size)
            guard offset <= fileSize, size <= fileSize - offset else { throw .invalidParameter }
            let length = size == 0 ? fileSize - offset : size
            return .file(ResponseFile(path: "/proc/self/fd/\(descriptor)", offset: offset, length: length, opened: opened))
        default:
            throw .invalidParameter
        }
    }
}
