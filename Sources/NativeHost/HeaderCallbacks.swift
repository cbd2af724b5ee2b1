import ISAPIHeaders
import ISAPIRuntime
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GetHeader / SetHeader / AddHeader of PREPROC_HEADERS, SEND_RESPONSE and AUTH_COMPLETE, and
/// GetUserToken of AUTH_COMPLETE, over the notification's `FilterHeaders`.
///
/// They work only during a notification that carries headers, with that notification's `pfc`;
/// anything else is FALSE with `ERROR_INVALID_PARAMETER`.
enum HeaderCallbacks {
    typealias Context = UnsafeMutablePointer<HTTP_FILTER_CONTEXT>

    @inline(__always)
    private static func headers(_ pfc: Context?) -> FilterHeaders? {
        NativeSlot.active(pfc)?.headers
    }

    /// `GetHeader(pfc, "Name:", buffer, &size)`, or a pseudo-name (`method`, `url`, `version`, `status`).
    static let getHeader: @convention(c) (Context?, LPSTR?, LPVOID?, LPDWORD?) -> BOOL = { pfc, name, buffer, size in
        guard let headers = headers(pfc), let name, let size else { return failing(.invalidParameter) }
        do throws(Win32Error) {
            let value = try headers.getHeader(bytes: UnsafeRawBufferPointer(start: name, count: strlen(name)))
            return CBuffer.fill(buffer, size: size, with: value)
        } catch {
            return failing(error)
        }
    }

    /// `SetHeader(pfc, "Name:", value)`: replaces the header; `""` deletes it.
    static let setHeader: @convention(c) (Context?, LPSTR?, LPSTR?) -> BOOL = { pfc, name, value in
        guard let headers = headers(pfc), let name, let value else { return failing(.invalidParameter) }
        do throws(Win32Error) {
            if let header = ordinaryName(name) {
                try headers.setHeader(named: header, String(cString: value), adding: false)
            } else {
                try headers.setHeader(String(cString: name), String(cString: value))
            }
            return 1
        } catch {
            return failing(error)
        }
    }

    /// `AddHeader(pfc, "Name:", value)`: one more line with this name.
    static let addHeader: @convention(c) (Context?, LPSTR?, LPSTR?) -> BOOL = { pfc, name, value in
        guard let headers = headers(pfc), let name, let value else { return failing(.invalidParameter) }
        do throws(Win32Error) {
            if let header = ordinaryName(name) {
                try headers.setHeader(named: header, String(cString: value), adding: true)
            } else {
                try headers.addHeader(String(cString: name), String(cString: value))
            }
            return 1
        } catch {
            return failing(error)
        }
    }

    /// The header name of `"Name:"` (one string, without the colon), or nil for a pseudo-name or a
    /// name `FilterHeaders` must judge (no colon, CR or LF in it).
    private static func ordinaryName(_ name: UnsafePointer<CChar>) -> String? {
        let bytes = UnsafeRawBufferPointer(start: name, count: strlen(name))
        guard bytes.count > 1, bytes[bytes.count - 1] == UInt8(ascii: ":"),
              !bytes.contains(where: { $0 == 13 || $0 == 10 }) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)]), as: UTF8.self)
    }

    /// `GetUserToken(pfc, &token)`: there are no Windows tokens on Linux. The token is set to NULL
    /// and the call fails with `ERROR_NOT_SUPPORTED`.
    static let getUserToken: @convention(c) (Context?, UnsafeMutablePointer<HANDLE?>?) -> BOOL = { pfc, token in
        guard headers(pfc) != nil, let token else { return failing(.invalidParameter) }
        token.pointee = nil
        return failing(.notSupported)
    }
}
