/// Why a native module could not be loaded or failed a call. Messages name the file and the HRESULT.
public enum NativeModuleError: Error, Equatable, CustomStringConvertible {
    /// dlopen failed.
    case cannotOpen(image: String, reason: String)
    /// The library has no `RegisterModule` export.
    case missingEntryPoint(image: String)
    /// The library's `DllMain` returned FALSE for `DLL_PROCESS_ATTACH`.
    case dllMainRefused(name: String, image: String)
    /// `RegisterModule` returned a failure HRESULT.
    case registrationFailed(name: String, image: String, hresult: Int32)
    /// `IHttpModuleFactory::GetHttpModule` failed for a request.
    case factoryFailed(name: String, hresult: Int32)
    /// A subscribed notification whose handler the module does not override (IIS would DebugBreak).
    case handlerNotOverridden(name: String, handler: String)
    /// The module's handler threw a C++ exception.
    case handlerThrew(name: String, handler: String)
    /// The module returned PENDING from a notification that cannot be pending (SendResponse, MapPath ...).
    case pendingNotSupported(name: String, handler: String)

    public var description: String {
        switch self {
        case .cannotOpen(let image, let reason):
            "cannot load native module '\(image)': \(reason)"
        case .missingEntryPoint(let image):
            "native module '\(image)' does not export RegisterModule (declare it through <httpserv.h>, "
                + "which gives it C linkage, and do not build with hidden visibility for it)"
        case .dllMainRefused(let name, let image):
            "DllMain of native module '\(name)' (\(image)) returned FALSE for DLL_PROCESS_ATTACH, so the library "
                + "failed to initialise; see what its DllMain checks (it runs before RegisterModule)"
        case .registrationFailed(let name, let image, let hresult):
            "RegisterModule of native module '\(name)' (\(image)) failed with \(HResult.describe(hresult))"
        case .factoryFailed(let name, let hresult):
            "GetHttpModule of native module '\(name)' failed with \(HResult.describe(hresult))"
        case .handlerNotOverridden(let name, let handler):
            "native module '\(name)' subscribed to \(handler) but does not override CHttpModule::\(handler) "
                + "(on IIS this would break into the debugger); the request fails with 500"
        case .handlerThrew(let name, let handler):
            "native module '\(name)' threw a C++ exception from \(handler)"
        case .pendingNotSupported(let name, let handler):
            "native module '\(name)' returned RQ_NOTIFICATION_PENDING from \(handler), "
                + "which cannot be pending"
        }
    }
}

/// HRESULT values and their readable form.
public enum HResult {
    public static let invalidParameter = Int32(bitPattern: 0x8007_0057)

    static let win32Names: [UInt32: String] = [
        2: "ERROR_FILE_NOT_FOUND", 5: "ERROR_ACCESS_DENIED", 6: "ERROR_INVALID_HANDLE",
        8: "ERROR_NOT_ENOUGH_MEMORY", 13: "ERROR_INVALID_DATA", 14: "ERROR_OUTOFMEMORY", 38: "ERROR_HANDLE_EOF",
        50: "ERROR_NOT_SUPPORTED", 85: "ERROR_ALREADY_ASSIGNED", 87: "ERROR_INVALID_PARAMETER",
        122: "ERROR_INSUFFICIENT_BUFFER", 126: "ERROR_MOD_NOT_FOUND", 127: "ERROR_PROC_NOT_FOUND",
        183: "ERROR_ALREADY_EXISTS", 534: "ERROR_ARITHMETIC_OVERFLOW", 1001: "ERROR_STACK_OVERFLOW",
        1229: "ERROR_CONNECTION_INVALID", 1413: "ERROR_INVALID_INDEX",
    ]

    static let otherNames: [UInt32: String] = [
        0x8000_4005: "E_FAIL", 0x8000_4001: "E_NOTIMPL", 0x8000_4003: "E_POINTER",
    ]

    /// `0x80070005 (HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED))`, or just the hex form.
    public static func describe(_ hresult: Int32) -> String {
        let bits = UInt32(bitPattern: hresult)
        let hex = "0x" + String(bits, radix: 16, uppercase: true).leftPadded(to: 8)
        if bits & 0xFFFF_0000 == 0x8007_0000 {
            let code = bits & 0xFFFF
            return "\(hex) (HRESULT_FROM_WIN32(\(win32Names[code] ?? "\(code)")))"
        }
        if let name = otherNames[bits] { return "\(hex) (\(name))" }
        return hex
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
