import ISAPIHeaders
import ISAPIRuntime
import Pipeline

/// The callbacks of `EXTENSION_CONTROL_BLOCK`, as C function pointers. Each finds its request by
/// `ConnID` (`ExtensionSessions`), copies what the extension passed on the calling thread, and does
/// the work on the request's executor (`ExtensionSession.onExecutor`). A FALSE sets the calling
/// thread's last error: `ERROR_INVALID_PARAMETER` for a bad argument or a request that has ended.
enum ExtensionCallbacks {
    /// `GetServerVariable(ConnID, name, buffer, &size)`: IIS's variables (`UNICODE_` ones as
    /// UTF-16) and isapi-bridge's `ISAPI_BRIDGE_FILTERS` / `ISAPI_BRIDGE_MODULES`; an unknown name
    /// is `ERROR_INVALID_INDEX`.
    static let getServerVariable: @convention(c) (HCONN?, LPSTR?, LPVOID?, LPDWORD?) -> BOOL = { connection, name, buffer, size in
        guard let session = ExtensionSessions.find(connection), let name, let size else { return failing(.invalidParameter) }
        let variable = String(cString: name)
        guard let found = session.onExecutor({ $0.serverVariable(variable) }) else { return failing(.invalidParameter) }
        guard let value = found else { return failing(.invalidIndex) }
        let utf16 = variable.uppercased().hasPrefix("UNICODE_")
        return CBuffer.fill(buffer, size: size, with: value, utf16: utf16)
    }

    /// `WriteClient(ConnID, buffer, &bytes, flags)`: all `*bytes` bytes are written (copied before
    /// it returns). `HSE_IO_ASYNC` needs an `HSE_REQ_IO_COMPLETION` callback, which then gets the
    /// byte count.
    static let writeClient: @convention(c) (HCONN?, LPVOID?, LPDWORD?, DWORD) -> BOOL = { connection, buffer, bytes, flags in
        guard let session = ExtensionSessions.find(connection), let bytes else { return failing(.invalidParameter) }
        let count = Int(bytes.pointee)
        guard buffer != nil || count == 0 else { return failing(.invalidParameter) }
        let data = count == 0 ? [] : Array(UnsafeRawBufferPointer(start: buffer, count: count))
        let async = flags & DWORD(HSE_IO_ASYNC) != 0
        let outcome = session.onExecutor { session -> Win32Error in
            guard session.phase == .running || session.phase == .pending else { return .invalidParameter }
            if async && session.ioCompletion == nil { return .invalidParameter }
            session.write(data, flags: flags)
            if async { session.completeAsync(bytes: count) }
            return .success
        }
        guard let outcome else { return failing(.invalidParameter) }
        return outcome == .success ? 1 : failing(outcome)
    }

    /// `ReadClient(ConnID, buffer, &size)`: up to `*size` more body bytes (after `lpbData`);
    /// `*size` is set to what was read, 0 at the end of the body.
    static let readClient: @convention(c) (HCONN?, LPVOID?, LPDWORD?) -> BOOL = { connection, buffer, size in
        guard let session = ExtensionSessions.find(connection), let size else { return failing(.invalidParameter) }
        let capacity = Int(size.pointee)
        guard buffer != nil || capacity == 0 else { return failing(.invalidParameter) }
        guard let read = session.onExecutor({ $0.readBody(maxBytes: capacity) }) else { return failing(.invalidParameter) }
        let count = min(read.count, capacity)
        if count > 0, let buffer { read.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: count) } }
        size.pointee = DWORD(count)
        return 1
    }

    /// `ServerSupportFunction(ConnID, request, buffer, &size, &dataType)`.
    static let serverSupportFunction: @convention(c) (HCONN?, DWORD, LPVOID?, LPDWORD?, LPDWORD?) -> BOOL = {
        connection, request, buffer, size, dataType in
        guard let session = ExtensionSessions.find(connection) else { return failing(.invalidParameter) }
        guard let code = ExtensionSupportRequest(rawValue: request) else { return failing(.notSupported) }
        do throws(Win32Error) {
            try ExtensionSupport.perform(code, session: session, buffer: buffer, size: size, dataType: dataType)
            return 1
        } catch {
            return failing(error)
        }
    }
}

extension ExtensionSession {
    func serverVariable(_ name: String) -> String? {
        switch name.uppercased() {
        case "ISAPI_BRIDGE_FILTERS":
            return (context.pipeline.filters?.filters ?? []).map(\.name).joined(separator: ",")
        case "ISAPI_BRIDGE_MODULES":
            return (context.pipeline.globalModules.map(\.name) + context.pipeline.modules.map(\.name)).joined(separator: ",")
        default:
            return context.serverVariable(name)
        }
    }

    func readBody(maxBytes: Int) -> [UInt8] {
        guard phase == .running || phase == .pending else { return [] }
        return context.readEntityBody(maxBytes: maxBytes)
    }
}
