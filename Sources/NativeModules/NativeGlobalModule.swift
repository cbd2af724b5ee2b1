import ISAPIRuntime
import ModuleShim
import Pipeline
import Synchronization

/// A native `CGlobalModule`: the GL_* notifications isapi-bridge raises are delivered (see
/// `NativeModuleLoader.deliveredGlobalNotifications`; GL_TRACE_EVENT goes from the shim directly);
/// a subscription to any other is logged at load.
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

    func applicationStart(_ site: SiteInfo) -> GlobalNotificationStatus { application(site, stop: false) }
    func applicationStop(_ site: SiteInfo) -> GlobalNotificationStatus { application(site, stop: true) }

    private func application(_ site: SiteInfo, stop: Bool) -> GlobalNotificationStatus {
        _ = HostCallbacks.installed
        let result = name.withCString { moduleName in
            site.name.withCString { siteName in
                site.physicalPath.withCString { path in
                    ib_global_application(module, moduleName, stop ? 1 : 0, site.id, siteName, path)
                }
            }
        }
        return status(result, handler: stop ? "OnGlobalApplicationStop" : "OnGlobalApplicationStart")
    }

    func threadCleanup(_ site: SiteInfo) -> GlobalNotificationStatus {
        let result = name.withCString { moduleName in
            site.name.withCString { siteName in
                site.physicalPath.withCString { path in
                    ib_global_thread_cleanup(module, moduleName, site.id, siteName, path)
                }
            }
        }
        return status(result, handler: "OnGlobalThreadCleanup")
    }

    func configurationChange(path: String) -> GlobalNotificationStatus {
        _ = HostCallbacks.installed
        let result = name.withCString { moduleName in path.withCString { ib_global_configuration_change(module, moduleName, $0) } }
        return status(result, handler: "OnGlobalConfigurationChange")
    }

    func healthCheck() -> GlobalNotificationStatus {
        _ = HostCallbacks.installed
        return status(name.withCString { ib_global_health_check(module, $0) }, handler: "OnGlobalHealthCheck")
    }

    func cacheCleanup() -> GlobalNotificationStatus {
        _ = HostCallbacks.installed
        return status(name.withCString { ib_global_cache_cleanup(module, $0) }, handler: "OnGlobalCacheCleanup")
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
