import ISAPIHeaders
import ISAPIRuntime
import Pipeline

/// The callbacks of `HTTP_FILTER_CONTEXT`, as C function pointers over `FilterContext`.
///
/// Each one first checks that `pfc` is the context of the notification in progress on this thread
/// (never dereferencing it), then its other arguments; a bad argument is FALSE with
/// `ERROR_INVALID_PARAMETER`. Every FALSE sets the thread's last error to what the Swift API threw.
enum ContextCallbacks {
    typealias Context = UnsafeMutablePointer<HTTP_FILTER_CONTEXT>

    /// `GetServerVariable(pfc, name, buffer, &size)`. `UNICODE_` names come back as UTF-16.
    static let getServerVariable: @convention(c) (Context?, LPSTR?, LPVOID?, LPDWORD?) -> BOOL = { pfc, name, buffer, size in
        guard let slot = NativeSlot.active(pfc), let name, let size else { return failing(.invalidParameter) }
        let variable = String(cString: name)
        do throws(Win32Error) {
            let value = try slot.context.serverVariable(variable)
            let utf16 = variable.utf8.count > 8 && variable.utf8.prefix(8).elementsEqual("unicode_".utf8) { ($0 | 0x20) == $1 || $1 == UInt8(ascii: "_") && $0 == $1 }
            return CBuffer.fill(buffer, size: size, with: value, utf16: utf16)
        } catch {
            return failing(error)
        }
    }

    /// `AddResponseHeaders(pfc, "Name: value\r\n...", 0)`.
    static let addResponseHeaders: @convention(c) (Context?, LPSTR?, DWORD) -> BOOL = { pfc, headers, _ in
        guard let slot = NativeSlot.active(pfc), let headers else { return failing(.invalidParameter) }
        do throws(Win32Error) {
            try slot.context.addResponseHeaders(String(cString: headers))
            return 1
        } catch {
            return failing(error)
        }
    }

    /// `WriteClient(pfc, buffer, &bytes, 0)`: all `*bytes` bytes are written.
    static let writeClient: @convention(c) (Context?, LPVOID?, LPDWORD?, DWORD) -> BOOL = { pfc, buffer, bytes, _ in
        guard let slot = NativeSlot.active(pfc), let bytes else { return failing(.invalidParameter) }
        let count = Int(bytes.pointee)
        guard buffer != nil || count == 0 else { return failing(.invalidParameter) }
        let data = count == 0 ? [] : Array(UnsafeRawBufferPointer(start: buffer, count: count))
        do throws(Win32Error) {
            try slot.context.writeClient(data)
            return 1
        } catch {
            return failing(error)
        }
    }

    /// `AllocMem(pfc, size, 0)`: connection memory, zero-filled (IIS does not promise it, but filters
    /// read fields they never set and IIS's fresh pages are zero), NULL with the last error set on failure.
    static let allocMem: @convention(c) (Context?, DWORD, DWORD) -> UnsafeMutableRawPointer? = { pfc, size, _ in
        guard let slot = NativeSlot.active(pfc) else {
            _ = failing(.invalidParameter)
            return nil
        }
        guard let block = slot.context.allocMem(Int(size)) else {
            _ = failing(slot.context.lastError == .success ? .notEnoughMemory : slot.context.lastError)
            return nil
        }
        block.initializeMemory(as: UInt8.self, repeating: 0, count: Int(size))
        return block
    }
}
