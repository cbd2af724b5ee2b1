import ISAPIRuntime
import ModuleShim
import Pipeline
import Synchronization

/// A native `CGlobalModule`: GL_PRE_BEGIN_REQUEST and GL_STOP_LISTENING are delivered; the
/// other GL_* notifications are never raised by isapi-bridge (logged at load).
final class NativeGlobalModule: GlobalModule, @unchecked Sendable {
    let name: String
    private let module: UnsafeMutableRawPointer
    private let library: NativeLibrary
    private let terminated = Atomic<Bool>(false)
    /// Whether the library's DllMain was attached for this load (released after Terminate).
    private let attached: Bool

    init(name: String, module: UnsafeMutableRawPointer, library: NativeLibrary, attached: Bool = false) {
        self.name = name
        self.module = module
        self.library = library
        self.attached = attached
    }

    func preBeginRequest(context: HttpContext) -> GlobalNotificationStatus {
        let bridge = NativeRequestBridge.of(context)
        let result = name.withCString { ib_global_pre_begin_request(module, bridge.shim, $0) }
        return status(result, handler: "OnGlobalPreBeginRequest")
    }

    func stopListening() -> GlobalNotificationStatus {
        _ = HostCallbacks.installed
        let result = name.withCString { ib_global_stop_listening(module, $0) }
        return status(result, handler: "OnGlobalStopListening")
    }

    /// `CGlobalModule::Terminate`, once.
    func terminate() {
        guard !terminated.exchange(true, ordering: .acquiringAndReleasing) else { return }
        name.withCString { ib_global_terminate(module, $0) }
        if attached { isapi_dll_release(library.handle, "module", name) }
    }

    private func status(_ result: Int32, handler: String) -> GlobalNotificationStatus {
        switch result {
        case 1: return .handled
        case -1:
            HostCallbacks.logger.error(
                "native module '\(name)' subscribed to \(handler) but does not override CGlobalModule::\(handler)")
        case -2:
            HostCallbacks.logger.error("native module '\(name)' threw a C++ exception from \(handler)")
        default: break
        }
        return .continue
    }
}
