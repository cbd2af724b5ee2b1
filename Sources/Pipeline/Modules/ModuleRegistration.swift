import Memory

/// What `RegisterModule` + `IHttpModuleRegistrationInfo` record for one request module.
public struct ModuleRegistration: Sendable {
    public let name: String
    public let factory: any HttpModuleFactory
    public var notifications: RequestNotifications
    public var postNotifications: RequestNotifications
    /// Priority per notification bit; bits not listed use `defaultPriority`.
    public var priorities: [UInt32: ModulePriority]
    public var postPriorities: [UInt32: ModulePriority]
    /// The fact sheet leaves the default undocumented; MEDIUM is our choice (docs/architecture.md).
    public var defaultPriority: ModulePriority
    /// Where the module's deterministic notifications run: `.pool` (may block; the default for
    /// native modules, set by the configuration) or `.eventLoop` (Swift modules).
    public var threading: ExecutionMode = .eventLoop
    /// The module executes requests that rewrite rules forward to another server
    /// (`HttpContext.forward(to:)`): a reverse proxy handler. The first such module of a site that
    /// subscribes to ExecuteRequestHandler is the site's forwarding module.
    public var executesForwardedRequests = false
    /// The module may read the request body (`ReadEntityBody`, `GetRemainingEntityBytes`...) in
    /// its stage notifications: while a body is still arriving (`RequestBodyStream`), the stage
    /// machine waits for it whole before calling the module. True unless a module says otherwise.
    public var readsRequestBody = true
    /// The module's ExecuteRequestHandler takes a body still arriving as a stream
    /// (`HttpContext.takeEntityBodyParts`) instead of waiting for it whole: the reverse proxy.
    public var streamsRequestBody = false
    let owner: AllocationOwner

    public init(
        name: String,
        factory: any HttpModuleFactory,
        notifications: RequestNotifications,
        postNotifications: RequestNotifications = [],
        priority: ModulePriority = .medium
    ) {
        self.name = name
        self.factory = factory
        self.notifications = notifications
        self.postNotifications = postNotifications.intersection(.allStages)
        self.priorities = [:]
        self.postPriorities = [:]
        self.defaultPriority = priority
        self.owner = AllocationOwner.named(name)
    }

    /// This registration, for a module that never reads the request body (`readsRequestBody`).
    public func notReadingRequestBody() -> ModuleRegistration {
        var copy = self
        copy.readsRequestBody = false
        return copy
    }

    /// `SetPriorityForRequestNotification`: the mask may hold several bits.
    public mutating func setPriority(_ priority: ModulePriority, for mask: RequestNotifications, post: Bool = false) {
        var bit: UInt32 = 1
        while bit != 0 {
            if mask.rawValue & bit != 0 {
                if post { postPriorities[bit] = priority } else { priorities[bit] = priority }
            }
            bit = bit << 1
        }
    }

    func priority(for notification: RequestNotification) -> ModulePriority {
        let table = notification.isPost ? postPriorities : priorities
        return table[notification.bit.rawValue] ?? defaultPriority
    }

    func subscribes(to notification: RequestNotification) -> Bool {
        (notification.isPost ? postNotifications : notifications).contains(notification.bit)
    }
}
