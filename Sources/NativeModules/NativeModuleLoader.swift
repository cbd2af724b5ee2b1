import ISAPIRuntime
import Logging
import ModuleShim
import Pipeline
import Synchronization

/// One `<globalModules><add name="..." image="..."/>` entry after `RegisterModule` ran.
public struct NativeModule: Sendable {
    public let name: String
    public let image: String
    /// The request module, if `SetRequestNotifications` was called.
    public var registration: ModuleRegistration?
    /// The global module, if `SetGlobalNotifications` was called.
    public let globalRegistration: GlobalModuleRegistration?

    /// Where the request module's notifications run (`threading` in `<globalModules>`).
    public var threading: ExecutionMode {
        get { registration?.threading ?? .eventLoop }
        set { registration?.threading = newValue }
    }
}

/// Loads native IIS modules: dlopen, `RegisterModule` (server version 10), and the registration
/// values the pipeline runs.
public enum NativeModuleLoader {
    /// The IIS major version passed to `RegisterModule`.
    public static let serverVersion: UInt32 = 10

    /// GL_* bits isapi-bridge raises for native global modules: STOP_LISTENING, CACHE_CLEANUP,
    /// HEALTH_CHECK, CONFIGURATION_CHANGE, PRE_BEGIN_REQUEST, APPLICATION_START, APPLICATION_STOP,
    /// THREAD_CLEANUP.
    static let deliveredGlobalNotifications: UInt32 = 0x0000_0002 | 0x0000_0004 | 0x0000_0020 | 0x0000_0040
        | 0x0000_0100 | 0x0000_0200 | 0x0000_0800 | 0x0000_8000
    /// GL_TRACE_EVENT and GL_CACHE_OPERATION: the shim raises them itself, from RaiseTraceEvent and
    /// DoCacheOperation.
    static let shimGlobalNotifications: UInt32 = 0x0000_2000 | 0x0000_0010

    private static let nextModuleID = Atomic<UInt64>(1)

    /// Loads `image` as the module `name`. Throws a `NativeModuleError` naming the file (and the
    /// HRESULT) when the library cannot be opened, lacks `RegisterModule` or `RegisterModule` fails.
    public static func load(name: String, image: String, logger: Logger = Logger(label: "isapi-bridge.native-modules"))
        throws(NativeModuleError) -> NativeModule
    {
        _ = HostCallbacks.installed
        let library = try NativeLibrary.open(image)
        // DllMain(DLL_PROCESS_ATTACH) before RegisterModule; a failed load releases it again.
        let attached: Bool
        switch isapi_dll_attach(library.handle, "module", name) {
        case ISAPI_DLL_REFUSED: throw .dllMainRefused(name: name, image: image)
        case ISAPI_DLL_ATTACHED: attached = true
        default: attached = false
        }
        do throws(NativeModuleError) {
            return try register(name: name, image: image, library: library, attached: attached, logger: logger)
        } catch {
            if attached { isapi_dll_release(library.handle, "module", name) }
            throw error
        }
    }

    /// RegisterModule and the registration values; each terminated user of an attached library
    /// (the factory, the global module) releases one reference, the last one DLL_PROCESS_DETACH.
    private static func register(name: String, image: String, library: NativeLibrary, attached: Bool,
                                 logger: Logger) throws(NativeModuleError) -> NativeModule {
        guard let entry = library.symbol("RegisterModule") else { throw .missingEntryPoint(image: image) }
        let id = nextModuleID.wrappingAdd(1, ordering: .relaxed).oldValue
        guard let info = ib_registration_create(name, id) else {
            throw .registrationFailed(name: name, image: image, hresult: Int32(bitPattern: 0x8007_0008))
        }
        defer { ib_registration_destroy(info) }
        let hresult = ib_registration_call(info, entry, serverVersion)
        guard hresult >= 0 else { throw .registrationFailed(name: name, image: image, hresult: hresult) }

        var registration: ModuleRegistration?
        if let factory = ib_registration_factory(info) {
            registration = ModuleRegistration(
                name: name,
                factory: NativeModuleFactory(name: name, factory: factory, library: library, attached: attached),
                notifications: RequestNotifications(rawValue: ib_registration_request_mask(info)),
                postNotifications: RequestNotifications(rawValue: ib_registration_post_mask(info)))
        }
        var global: GlobalModuleRegistration?
        if let module = ib_registration_global_module(info) {
            let mask = ib_registration_global_mask(info)
            if mask & ~(deliveredGlobalNotifications | shimGlobalNotifications) != 0 {
                logger.warning("""
                    native module '\(name)' subscribed to global notifications 0x\(String(mask, radix: 16)); \
                    isapi-bridge does not raise GL_FILE_CHANGE, GL_APPLICATION_RESOLVE_MODULES, \
                    GL_RSCA_QUERY, GL_CUSTOM_NOTIFICATION, GL_APPLICATION_PRELOAD or GL_SUSPEND_PROCESS
                    """)
            }
            global = GlobalModuleRegistration(
                name: name, module: NativeGlobalModule(name: name, module: module, library: library, attached: attached),
                notifications: GlobalNotifications(rawValue: mask & deliveredGlobalNotifications))
        }
        for index in 0..<ib_registration_priority_count(info) {
            var mask: UInt32 = 0
            var kind: Int32 = 0
            let code = ib_registration_priority_at(info, index, &mask, &kind)
            guard let priority = ModulePriority(rawValue: Int(code)) else { continue }
            switch kind {
            case 0: registration?.setPriority(priority, for: RequestNotifications(rawValue: mask))
            case 1: registration?.setPriority(priority, for: RequestNotifications(rawValue: mask), post: true)
            default: global?.priority = priority
            }
        }
        if attached && registration != nil && global != nil { isapi_dll_retain(library.handle) }
        if registration == nil && global == nil {
            logger.warning("native module '\(name)' (\(image)) registered no notifications")
        }
        return NativeModule(name: name, image: image, registration: registration, globalRegistration: global)
    }
}
