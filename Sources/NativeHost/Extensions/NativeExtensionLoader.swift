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
/// calls `GetExtensionVersion` once. The file is opened as a filter's is (`NativeLibraryOpening`), with
/// the same checks and messages.
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
        let library: NativeLibraryOpening
        switch NativeLibraryOpening.open(path: path, kind: "extension", name: name) {
        case .failure(let cause): throw failure(cause)
        case .success(let opened): library = opened
        }
        do throws(NativeExtensionLoadError) {
            return try start(handle: library.handle, path: path, name: name, attached: library.attached)
        } catch {
            library.release()
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
