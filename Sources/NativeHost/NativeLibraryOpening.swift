import ISAPIRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A filter's or an extension's shared object, opened as IIS's `LoadLibrary` would open the DLL:
/// the file checked first (precise errors for the usual mistakes), `dlopen(RTLD_NOW | RTLD_LOCAL)`,
/// then `DllMain(DLL_PROCESS_ATTACH)` when the library exports one. The one opening both
/// `NativeFilterLoader` and `NativeExtensionLoader` use.
struct NativeLibraryOpening {
    let handle: UnsafeMutableRawPointer
    /// True when DllMain ran: a later failure must `release` (DLL_PROCESS_DETACH), as FreeLibrary would.
    let attached: Bool
    let kind: String
    let name: String

    /// `kind` ("filter", "extension") and `name` label DllMain's native call record.
    static func open(path: String, kind: String, name: String) -> Result<NativeLibraryOpening, NativeFilterLoadError.Cause> {
        switch ELFIdentity.load(path: path) {
        case .failure(let cause): return .failure(cause)
        case .success(let identity):
            if let cause = identity.check() { return .failure(cause) }
        }
        // A path without a slash would be searched for on LD_LIBRARY_PATH: anchor it.
        let resolved = path.contains("/") ? path : "./" + path
        guard let handle = dlopen(resolved, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(NativeFilterLoader.classify(dlerror().map { String(cString: $0) } ?? "unknown error"))
        }
        switch isapi_dll_attach(handle, kind, name) {
        case ISAPI_DLL_REFUSED: return .failure(.dllMainRefused)
        case ISAPI_DLL_ATTACHED: return .success(NativeLibraryOpening(handle: handle, attached: true, kind: kind, name: name))
        default: return .success(NativeLibraryOpening(handle: handle, attached: false, kind: kind, name: name))
        }
    }

    /// DLL_PROCESS_DETACH after a failure that followed a successful attach.
    func release() {
        if attached { isapi_dll_release(handle, kind, name) }
    }
}
