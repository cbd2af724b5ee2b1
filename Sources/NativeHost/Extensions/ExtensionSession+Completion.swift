import ISAPIHeaders
import ISAPIRuntime
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ExtensionSession {
    /// `HSE_REQ_DONE_WITH_SESSION`: while `HttpExtensionProc` still runs it is remembered (the
    /// request ends when it returns); after PENDING the pipeline resumes. A second one is refused.
    func done(_ status: DWORD) throws(Win32Error) {
        switch phase {
        case .running:
            guard doneEarly == nil else { throw .invalidParameter }
            doneEarly = status
        case .pending:
            finish(status)
            completion?.indicateCompletion(.continue)
            completion = nil
        case .finished, .closed:
            throw .invalidParameter
        }
    }
}

extension ExtensionSupport {
    /// `HSE_REQ_TRANSMIT_FILE`: the head, `BytesToWrite` bytes of `hFile` from `Offset` (0: to the
    /// end) and the tail, as one response body; with `HSE_IO_SEND_HEADERS` the head is the header
    /// block and `pszStatusCode` the status. Always asynchronous: the completion callback (the one
    /// in the structure, else HSE_REQ_IO_COMPLETION's) gets the byte count. The file is sent from
    /// a duplicate of its descriptor, so the extension may close its HANDLE at once.
    static func transmitFile(_ info: HSE_TF_INFO, session: ExtensionSession) throws(Win32Error) {
        let flags = info.dwFlags
        let descriptor = isapi_file_descriptor_duplicate(info.hFile)
        guard descriptor >= 0 else { throw Win32Error(isapi_runtime_get_last_error()) }
        let opened = OpenFile(descriptor: descriptor)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .invalidParameter }
        let size = Int(status.st_size)
        let offset = Int(info.Offset)
        guard offset <= size else { throw .invalidParameter }
        let length = info.BytesToWrite == 0 ? size - offset : min(Int(info.BytesToWrite), size - offset)
        let head = info.pHead.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(info.HeadLength))) } ?? []
        let tail = info.pTail.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(info.TailLength))) } ?? []
        let statusLine = info.pszStatusCode.map { String(cString: $0) }
        let callback = info.pfnHseIO
        let callbackContext = UInt(bitPattern: info.pContext)
        let file = ResponseFile(path: "/proc/self/fd/\(descriptor)", offset: offset, length: length, opened: opened)
        let outcome = session.onExecutor { session -> Win32Error in
            guard session.phase == .running || session.phase == .pending else { return .invalidParameter }
            if let callback { session.ioCompletion = (callback, UnsafeMutableRawPointer(bitPattern: callbackContext)) }
            guard session.ioCompletion != nil else { return .invalidParameter }
            if flags & DWORD(HSE_IO_SEND_HEADERS) != 0 {
                let headers = String(decoding: head.prefix { $0 != 0 }, as: UTF8.self)
                do throws(Win32Error) {
                    try session.sendHeaders(status: statusLine, headers: headers, keepConnection: nil)
                } catch {
                    return error
                }
            } else if !head.isEmpty {
                session.write(head, flags: 0)
            }
            session.write(file)
            if !tail.isEmpty { session.write(tail, flags: 0) }
            if flags & DWORD(HSE_IO_DISCONNECT_AFTER_SEND) != 0 { session.context.response.needsDisconnect = true }
            session.completeAsync(bytes: head.count + length + tail.count)
            return .success
        }
        guard let outcome else { throw .invalidParameter }
        if outcome != .success { throw outcome }
    }
}
