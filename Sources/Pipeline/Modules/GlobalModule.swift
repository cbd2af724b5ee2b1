/// A server-wide module: the Swift counterpart of `CGlobalModule`.
public protocol GlobalModule: AnyObject, Sendable {
    /// `GL_PRE_BEGIN_REQUEST`: the request is parsed and has not entered the pipeline yet.
    /// `context.finishRequest()` here skips every stage but LogRequest and EndRequest.
    func preBeginRequest(context: HttpContext) -> GlobalNotificationStatus
    /// isapi-bridge extension: the connection closed, after its last request. Runs before the
    /// connection's stored contexts are cleaned up and before its arena is freed.
    func connectionClosed(_ connection: PipelineConnection) -> GlobalNotificationStatus
    /// `GL_STOP_LISTENING`: the server stopped accepting connections.
    func stopListening() -> GlobalNotificationStatus
    /// `GL_APPLICATION_START`: a site (its one application, at `/`) starts serving.
    func applicationStart(_ site: SiteInfo) -> GlobalNotificationStatus
    /// `GL_APPLICATION_STOP`: a site's application stops (shutdown, or its configuration was replaced).
    func applicationStop(_ site: SiteInfo) -> GlobalNotificationStatus
    /// `GL_CONFIGURATION_CHANGE`: the configuration at `path` changed (a reload).
    func configurationChange(path: String) -> GlobalNotificationStatus
    /// `GL_HEALTH_CHECK`: the worker answers its supervisor's health ping.
    func healthCheck() -> GlobalNotificationStatus
    /// `GL_CACHE_CLEANUP`: the server is about to terminate; caches are released.
    func cacheCleanup() -> GlobalNotificationStatus
    /// `GL_THREAD_CLEANUP`: a request of `site` completed and its thread goes back to serving
    /// others (IIS: the thread returns to the pool after an operation).
    func threadCleanup(_ site: SiteInfo) -> GlobalNotificationStatus
    /// Called once at shutdown (`CGlobalModule::Terminate`).
    func terminate()
}

extension GlobalModule {
    public func preBeginRequest(context: HttpContext) -> GlobalNotificationStatus { .continue }
    public func connectionClosed(_ connection: PipelineConnection) -> GlobalNotificationStatus { .continue }
    public func stopListening() -> GlobalNotificationStatus { .continue }
    public func applicationStart(_ site: SiteInfo) -> GlobalNotificationStatus { .continue }
    public func applicationStop(_ site: SiteInfo) -> GlobalNotificationStatus { .continue }
    public func configurationChange(path: String) -> GlobalNotificationStatus { .continue }
    public func healthCheck() -> GlobalNotificationStatus { .continue }
    public func cacheCleanup() -> GlobalNotificationStatus { .continue }
    public func threadCleanup(_ site: SiteInfo) -> GlobalNotificationStatus { .continue }
    public func terminate() {}
}

/// The `GL_*` bits a global module subscribes to.
public struct GlobalNotifications: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let stopListening = Self(rawValue: 0x0000_0002)
    public static let cacheCleanup = Self(rawValue: 0x0000_0004)
    public static let healthCheck = Self(rawValue: 0x0000_0020)
    public static let configurationChange = Self(rawValue: 0x0000_0040)
    public static let applicationStart = Self(rawValue: 0x0000_0200)
    public static let applicationStop = Self(rawValue: 0x0000_0800)
    public static let threadCleanup = Self(rawValue: 0x0000_8000)
    public static let preBeginRequest = Self(rawValue: 0x0000_0100)
    /// Not an IIS bit: isapi-bridge's connection-close notification (see `GlobalModule`).
    public static let connectionClose = Self(rawValue: 0x8000_0000)
}

/// What `SetGlobalNotifications` + `SetPriorityForGlobalNotification` record.
public struct GlobalModuleRegistration: Sendable {
    public let name: String
    public let module: any GlobalModule
    public var notifications: GlobalNotifications
    public var priority: ModulePriority
    /// The module may read a request's body in PreBeginRequest: a site with such a global waits
    /// for every body whole before its requests start (`RequestPipeline.streamsRequestBodies`).
    public var readsRequestBody = true

    public init(name: String, module: any GlobalModule, notifications: GlobalNotifications,
                priority: ModulePriority = .medium) {
        self.name = name
        self.module = module
        self.notifications = notifications
        self.priority = priority
    }
}
