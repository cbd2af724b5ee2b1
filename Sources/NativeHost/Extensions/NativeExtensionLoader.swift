import ISAPIHeaders
import ISAPIRuntime
import Logging
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads ISAPI extensions as IIS's IsapiModule does, once per file and process: checks the file,
/// `dlopen`s it (`RTLD_NOW | RTLD_LOCAL`), calls `DllMain(DLL_PROCESS_ATTACH)` when it exports one,
/// finds `GetExtensionVersion` and `HttpExtensionProc` (and `TerminateExtension`, optional), and
/// calls `GetExtensionVersion` once. The same checks and messages as `NativeFilterLoader`.
public struct NativeExtensionLoader: Sendable {
    public var logger: Logger

    public init(logger: Logger = Logger(label: "isapi-bridge.native-extensions")) {
        self.logger = logger
    }

    public func load(path: String) throws(NativeExtensionLoadError) -> NativeExtension {
        let name = NativeFilterLoader.defaultName(for: path)
        func failure(_ cause: NativeFilterLoadError.Cause) -> NativeExtensionLoadError {
            NativeExtensionLoadError(file: path, cause: .library(cause))
        }
        switch ELFIdentity.load(path: path) {
        case .failure(let cause): throw failure(cause)
        case .success(let identity):
            if let cause = identity.check() { throw failure(cause) }
        }
        let resolved = path.contains("/") ? path : "./" + path
        guard let handle = dlopen(resolved, RTLD_NOW | RTLD_LOCAL) else {
            throw failure(NativeFilterLoader.classify(dlerror().map { String(cString: $0) } ?? "unknown error"))
        }
        let attached: Bool
        switch isapi_dll_attach(handle, "extension", name) {
        case ISAPI_DLL_REFUSED: throw failure(.dllMainRefused)
        case ISAPI_DLL_ATTACHED: attached = true
        default: attached = false
        }
        do throws(NativeExtensionLoadError) {
            return try start(handle: handle, path: path, name: name, attached: attached)
        } catch {
            if attached { isapi_dll_release(handle, "extension", name) }
            throw error
        }
    }

    private func start(handle: UnsafeMutableRawPointer, path: String, name: String,
                       attached: Bool) throws(NativeExtensionLoadError) -> NativeExtension {
        func failure(_ cause: NativeFilterLoadError.Cause) -> NativeExtensionLoadError {
            NativeExtensionLoadError(file: path, cause: .library(cause))
        }
        guard let versionSymbol = dlsym(handle, "GetExtensionVersion") else { throw failure(.missingExport("GetExtensionVersion")) }
        guard let procSymbol = dlsym(handle, "HttpExtensionProc") else { throw failure(.missingExport("HttpExtensionProc")) }
        let terminate = dlsym(handle, "TerminateExtension").map { unsafeBitCast($0, to: NativeExtension.Terminate.self) }
        let getVersion = unsafeBitCast(versionSymbol, to: NativeExtension.GetExtensionVersion.self)
        var info = HSE_VERSION_INFO()
        isapi_runtime_set_last_error(0)
        var recorded = isapi_native_call()
        isapi_call_enter("extension", name, "GetExtensionVersion", "", &recorded)
        let accepted = getVersion(&info) != 0
        isapi_call_leave(&recorded)
        guard accepted else { throw NativeExtensionLoadError(file: path, cause: .refusedByExtension(Win32Error(isapi_runtime_get_last_error()))) }
        let description = withUnsafeBytes(of: info.lpszExtensionDesc) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        let loaded = NativeExtension(
            path: path, name: name, description: description, version: info.dwExtensionVersion,
            proc: unsafeBitCast(procSymbol, to: NativeExtension.ExtensionProc.self), terminate: terminate,
            attachedLibrary: attached ? handle : nil, logger: logger)
        logger.info("loaded ISAPI extension '\(name)' from \(path): \"\(description)\", version \(info.dwExtensionVersion >> 16).\(info.dwExtensionVersion & 0xFFFF)")
        return loaded
    }
}
