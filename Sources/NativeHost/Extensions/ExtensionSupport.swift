import ISAPIHeaders
import ISAPIRuntime
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ServerSupportFunction`: each `HSE_REQ_*` onto the request. Arguments are read (and results
/// written) on the calling thread; the request is touched on its executor only.
enum ExtensionSupport {
    static func perform(_ request: ExtensionSupportRequest, session: ExtensionSession, buffer: UnsafeMutableRawPointer?,
                        size: UnsafeMutablePointer<DWORD>?, dataType: UnsafeMutablePointer<DWORD>?) throws(Win32Error) {
        switch request {
        case .sendURLRedirect, .sendURL:
            // lpvBuffer: the URL.
            guard let url = string(buffer) else { throw .invalidParameter }
            try run(session) { session throws(Win32Error) in try session.redirect(to: url) }
        case .sendResponseHeader:
            // lpvBuffer: the status ("200 OK" when NULL); lpdwDataType: the header block (a char *).
            let status = string(buffer)
            let headers = string(UnsafeRawPointer(dataType))
            try run(session) { session throws(Win32Error) in try session.sendHeaders(status: status, headers: headers, keepConnection: nil) }
        case .sendResponseHeaderEx:
            guard let info = buffer?.assumingMemoryBound(to: HSE_SEND_HEADER_EX_INFO.self).pointee else { throw .invalidParameter }
            let status = counted(info.pszStatus, info.cchStatus)
            let headers = counted(info.pszHeader, info.cchHeader)
            let keep = info.fKeepConn != 0
            try run(session) { session throws(Win32Error) in try session.sendHeaders(status: status, headers: headers, keepConnection: keep) }
        case .doneWithSession:
            // lpvBuffer: NULL, or a DWORD HSE_STATUS_* for the request.
            let status = buffer.map { $0.load(as: DWORD.self) } ?? DWORD(HSE_STATUS_SUCCESS)
            try run(session) { session throws(Win32Error) in try session.done(status) }
        case .ioCompletion:
            // lpvBuffer: the PFN_HSE_IO_COMPLETION; lpdwDataType: its context.
            guard let buffer else { throw .invalidParameter }
            let callback = unsafeBitCast(buffer, to: PFN_HSE_IO_COMPLETION.self)
            let contextBits = UInt(bitPattern: UnsafeMutableRawPointer(dataType))
            try run(session) { session in session.ioCompletion = (callback, UnsafeMutableRawPointer(bitPattern: contextBits)) }
        case .asyncReadClient:
            // lpvBuffer: where to read; *lpdwSize: how much; *lpdwDataType: HSE_IO_ASYNC.
            guard let size, let buffer else { throw .invalidParameter }
            let capacity = Int(size.pointee)
            let target = UInt(bitPattern: buffer)
            try run(session) { session throws(Win32Error) in
                guard session.ioCompletion != nil else { throw .invalidParameter }
                let read = session.readBody(maxBytes: capacity)
                let count = min(read.count, capacity)
                if count > 0 {
                    read.withUnsafeBytes { UnsafeMutableRawPointer(bitPattern: target)!.copyMemory(from: $0.baseAddress!, byteCount: count) }
                }
                session.completeAsync(bytes: count)
            }
        case .transmitFile:
            guard let info = buffer?.assumingMemoryBound(to: HSE_TF_INFO.self).pointee else { throw .invalidParameter }
            try transmitFile(info, session: session)
        case .vectorSend:
            guard let vector = buffer?.assumingMemoryBound(to: HSE_RESPONSE_VECTOR.self).pointee else { throw .invalidParameter }
            try vectorSend(vector, session: session)
        case .mapURLToPath:
            // lpvBuffer: the URL in, the path out; *lpdwSize: the buffer's size in, the path's out.
            guard let buffer, let size, let url = string(buffer) else { throw .invalidParameter }
            guard let path = session.onExecutor({ $0.context.mapPath(url) }) else { throw .invalidParameter }
            try fill(buffer, capacity: size, with: path)
        case .mapURLToPathEx:
            // lpvBuffer: the URL; lpdwDataType: an HSE_URL_MAPEX_INFO; lpdwSize: optional, the path's length out.
            guard let url = string(buffer), let dataType else { throw .invalidParameter }
            guard let (path, root) = session.onExecutor({ ($0.context.mapPath(url), $0.context.pipeline.site.physicalPath) }) else {
                throw .invalidParameter
            }
            let info = UnsafeMutableRawPointer(dataType).assumingMemoryBound(to: HSE_URL_MAPEX_INFO.self)
            guard path.utf8.count < Int(MAX_PATH) else { throw .insufficientBuffer }
            withUnsafeMutableBytes(of: &info.pointee.lpszPath) { CBuffer.place(path, into: $0.baseAddress!) }
            // The site's content is readable and runs scripts (IIS's default accessPolicy).
            info.pointee.dwFlags = DWORD(HSE_URL_FLAGS_READ | HSE_URL_FLAGS_SCRIPT)
            info.pointee.cchMatchingPath = DWORD(root.hasSuffix("/") ? root.utf8.count - 1 : root.utf8.count)
            info.pointee.cchMatchingURL = 0  // one application at "/": no characters of the URL name it
            info.pointee.dwReserved1 = 0
            info.pointee.dwReserved2 = 0
            size?.pointee = DWORD(path.utf8.count)
        case .isKeepConnection:
            guard let buffer else { throw .invalidParameter }
            guard let keep = session.onExecutor({ $0.context.request.wantsKeepAlive && !$0.context.response.needsDisconnect }) else {
                throw .invalidParameter
            }
            buffer.storeBytes(of: keep ? 1 : 0, as: BOOL.self)
        case .isConnected:
            guard let buffer else { throw .invalidParameter }
            guard let connected = session.onExecutor({ $0.context.connection.isConnected }) else { throw .invalidParameter }
            buffer.storeBytes(of: connected ? 1 : 0, as: BOOL.self)
        case .closeConnection, .abortiveClose:
            // The connection closes once this response is out (not abortively: what was written is sent).
            try run(session) { session in session.context.response.needsDisconnect = true }
        case .getImpersonationToken:
            // There are no Windows tokens on Linux: the token is NULL and the call fails, as the
            // filters' GetUserToken does.
            buffer?.storeBytes(of: nil, as: HANDLE?.self)
            throw .notSupported
        case .appendLogParameter:
            // lpvBuffer: text IIS adds to the log's uri-query field. Kept as the LOG_PARAMETER
            // server variable here (the W3C writer logs the query string only).
            guard let text = string(buffer) else { throw .invalidParameter }
            try run(session) { session in
                let previous = session.context.serverVariable("ISAPI_LOG_PARAMETER") ?? ""
                session.context.setServerVariable("ISAPI_LOG_PARAMETER", previous + text)
            }
        case .isInProcess:
            guard let buffer else { throw .invalidParameter }
            buffer.storeBytes(of: 0, as: DWORD.self)  // HSE_APP_FLAG_IN_PROCESS
        case .reportUnhealthy:
            let reason = string(buffer) ?? "(no reason given)"
            try run(session) { session in
                session.context.pipeline.logger.warning("ISAPI extension '\(session.extension.name)' reports itself unhealthy: \(reason)")
            }
        case .normalizeURL:
            guard let buffer, let url = string(buffer) else { throw .invalidParameter }
            guard let normalized = URLNormalization.normalize(url) else { throw .invalidParameter }
            guard normalized.utf8.count <= url.utf8.count else { throw .insufficientBuffer }
            CBuffer.place(normalized, into: buffer)
        case .setFlushFlag:
            // lpvBuffer: TRUE to send every write at once (the value itself, not a pointer to it).
            let flush = UInt(bitPattern: buffer) != 0
            try run(session) { session in session.flushEachWrite = flush }
        }
    }

    /// Runs `work` on the request's executor; an ended request is `ERROR_INVALID_PARAMETER`.
    private static func run(_ session: ExtensionSession, _ work: (ExtensionSession) throws(Win32Error) -> Void) throws(Win32Error) {
        let outcome = session.onExecutor { session -> Win32Error in
            do throws(Win32Error) {
                try work(session)
                return .success
            } catch {
                return error
            }
        }
        guard let outcome else { throw .invalidParameter }
        if outcome != .success { throw outcome }
    }

    private static func string(_ pointer: UnsafeRawPointer?) -> String? {
        pointer.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) }
    }

    /// A string with a count that may be 0 ("use strlen") or include the terminator.
    private static func counted(_ pointer: UnsafePointer<CHAR>?, _ count: DWORD) -> String? {
        guard let pointer else { return nil }
        guard count > 0 else { return String(cString: pointer) }
        let length = strnlen(pointer, Int(count))
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// MAP_URL_TO_PATH's buffer protocol: the path and its terminator, `*size` set to that length.
    private static func fill(_ buffer: UnsafeMutableRawPointer, capacity: UnsafeMutablePointer<DWORD>, with value: String) throws(Win32Error) {
        let needed = value.utf8.count + 1
        guard Int(capacity.pointee) >= needed else {
            capacity.pointee = DWORD(needed)
            throw .insufficientBuffer
        }
        CBuffer.place(value, into: buffer)
        capacity.pointee = DWORD(needed)
    }
}
