import Logging
import Memory

/// A configured pipeline: the modules, global modules and handler mappings of one site.
/// Immutable and shared by every connection; a configuration reload builds a new one.
public final class RequestPipeline: Sendable {
    public let site: SiteInfo
    public let modules: [ModuleRegistration]
    public let globalModules: [GlobalModuleRegistration]
    public let handlers: [HandlerMapping]
    public let memory: MemoryConfiguration
    public let serverSoftware: String
    /// Record a `RequestTrace` for every request (the `trace` command; costs a little time).
    public let tracing: Bool
    public let logger: Logger
    let chain: ModuleChain
    let moduleIndexByName: [String: Int]

    public init(
        site: SiteInfo,
        modules: [ModuleRegistration] = [],
        globalModules: [GlobalModuleRegistration] = [],
        handlers: [HandlerMapping] = [],
        memory: MemoryConfiguration = .default,
        serverSoftware: String = "isapi-bridge/0.1",
        tracing: Bool = false,
        logger: Logger = Logger(label: "isapi-bridge.pipeline")
    ) {
        self.site = site
        self.modules = modules
        // Sorted once: priority, then registration order.
        self.globalModules = globalModules.enumerated()
            .sorted { $0.element.priority != $1.element.priority ? $0.element.priority < $1.element.priority : $0.offset < $1.offset }
            .map(\.element)
        self.handlers = handlers
        self.memory = memory
        self.serverSoftware = serverSoftware
        self.tracing = tracing
        self.logger = logger
        self.chain = ModuleChain(modules)
        var byName: [String: Int] = [:]
        for (index, module) in modules.enumerated() where byName[module.name] == nil { byName[module.name] = index }
        self.moduleIndexByName = byName
    }

    /// Calls every factory's and global module's `terminate`, once, at shutdown.
    public func terminate() {
        for module in modules { module.factory.terminate() }
        for global in globalModules { global.module.terminate() }
    }

    func notifyGlobal(_ notification: GlobalNotifications, _ call: (any GlobalModule) -> GlobalNotificationStatus) {
        for registration in globalModules where registration.notifications.contains(notification) {
            if call(registration.module) == .handled { return }
        }
    }
}
