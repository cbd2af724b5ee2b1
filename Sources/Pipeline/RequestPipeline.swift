import Logging
import Memory

/// A configured pipeline: the modules, global modules and handler mappings of one site.
/// Immutable and shared by every connection; a configuration reload builds a new one.
public final class RequestPipeline: Sendable {
    public let site: SiteInfo
    public let modules: [ModuleRegistration]
    public let globalModules: [GlobalModuleRegistration]
    public let handlers: [HandlerMapping]
    /// The site's request filtering, checked before any filter or module sees a request.
    public let requestFiltering: RequestFiltering
    /// Where the settings of a request's directory come from (`web.config`); nil: the site's apply everywhere.
    public let directories: (any DirectoryPolicyProvider)?
    /// The site's ISAPI filters (global ones first), carried by the filter bridge module.
    public let filters: FilterChain?
    public let memory: MemoryConfiguration
    /// Where this pipeline's arenas count their memory (the process-wide totals by default).
    public let accounting: MemoryAccounting
    public let serverSoftware: String
    /// Record a `RequestTrace` for every request (the `trace` command; costs a little time).
    public let tracing: Bool
    /// Receives each request's finished trace when `tracing` is on (on the connection's executor).
    public let traceHandler: (@Sendable (RequestTrace) -> Void)?
    /// Told about every finished request (request logs, metrics).
    public let observers: [any RequestObserver]
    public let logger: Logger
    /// Where arenas report damaged guards and cap hits.
    public let memoryLogger: Logger
    /// Where notifications of filters and modules in pool mode run (`ExecutionMode.pool`).
    public let callPool: BlockingCallPool
    let chain: ModuleChain
    /// Whether any global module subscribed to GL_THREAD_CLEANUP (raised after every request).
    let threadCleanupSubscribed: Bool
    let moduleIndexByName: [String: Int]
    /// The module that executes forwarded requests (`ModuleRegistration.executesForwardedRequests`).
    let forwardingModule: Int?
    /// The site's own request filtering, methods and handler routes, prepared for the stage machine:
    /// what a request gets when `directories` has nothing else for its directory.
    let siteRules: DirectoryRules
    /// Requests with a body enter the pipeline at their head, the body following as a
    /// `RequestBodyStream`: the site has a module that streams bodies, and no PreBeginRequest
    /// global that may read them (else each body arrives whole first, as on any other site).
    public let streamsRequestBodies: Bool
    /// `INSTANCE_NAME`: the site's name upper-cased, once.
    let instanceName: String

    public init(
        site: SiteInfo,
        modules: [ModuleRegistration] = [],
        globalModules: [GlobalModuleRegistration] = [],
        handlers: [HandlerMapping] = [],
        requestFiltering: RequestFiltering = .default,
        directories: (any DirectoryPolicyProvider)? = nil,
        filters: FilterChain? = nil,
        memory: MemoryConfiguration = .default,
        accounting: MemoryAccounting = .shared,
        serverSoftware: String = "isapi-bridge/0.1",
        tracing: Bool = false,
        traceHandler: (@Sendable (RequestTrace) -> Void)? = nil,
        observers: [any RequestObserver] = [],
        logger: Logger = Logger(label: "isapi-bridge.pipeline"),
        memoryLogger: Logger = Logger(label: "isapi-bridge.memory"),
        callPool: BlockingCallPool = .shared
    ) {
        self.callPool = callPool
        self.site = site
        self.instanceName = site.name.uppercased()
        let bridged = filters.map { !$0.isEmpty } ?? false
        let modules = bridged ? [FilterModule.registration(for: filters!)] + modules : modules
        let globalModules = bridged ? [FilterBridgeGlobal.registration()] + globalModules : globalModules
        self.filters = bridged ? filters : nil
        self.modules = modules
        // Sorted once: priority, then registration order.
        self.globalModules = globalModules.enumerated()
            .sorted { $0.element.priority != $1.element.priority ? $0.element.priority < $1.element.priority : $0.offset < $1.offset }
            .map(\.element)
        self.handlers = handlers
        self.requestFiltering = requestFiltering
        self.directories = directories
        self.memory = memory
        self.accounting = accounting
        self.serverSoftware = serverSoftware
        self.tracing = tracing || traceHandler != nil
        self.traceHandler = traceHandler
        self.observers = observers
        self.logger = logger
        self.memoryLogger = memoryLogger
        self.chain = ModuleChain(modules)
        self.threadCleanupSubscribed = self.globalModules.contains { $0.notifications.contains(.threadCleanup) }
        var byName: [String: Int] = [:]
        for (index, module) in modules.enumerated() where byName[module.name] == nil { byName[module.name] = index }
        self.moduleIndexByName = byName
        self.forwardingModule = modules.indices.first {
            modules[$0].executesForwardedRequests && modules[$0].notifications.contains(.executeRequestHandler)
        }
        self.streamsRequestBodies = modules.contains { $0.streamsRequestBody }
            && !self.globalModules.contains { $0.readsRequestBody && $0.notifications.contains(.preBeginRequest) }
        self.siteRules = DirectoryRules(requestFiltering: requestFiltering, handlers: handlers, removedModules: [],
                                        modules: modules, chain: chain, moduleIndexByName: byName)
    }

    /// Calls every factory's and global module's `terminate`, once, at shutdown.
    public func terminate() {
        for module in modules { module.factory.terminate() }
        for global in globalModules { global.module.terminate() }
        filters?.terminate()
    }

    func notifyGlobal(_ notification: GlobalNotifications, _ call: (any GlobalModule) -> GlobalNotificationStatus) {
        for registration in globalModules where registration.notifications.contains(notification) {
            if call(registration.module) == .handled { return }
        }
    }
}
