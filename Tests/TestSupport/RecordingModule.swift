import Pipeline

/// A module that logs `name:notification` (and `name:dispose`, unless told not to) and answers
/// with what `decide` says.
public final class RecordingModule: HttpModule {
    public let name: String
    public let log: EventLog
    public let recordsDispose: Bool
    public let decide: @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus

    public init(name: String, log: EventLog, recordsDispose: Bool = true,
                decide: @escaping @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus) {
        self.name = name
        self.log = log
        self.recordsDispose = recordsDispose
        self.decide = decide
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws
        -> NotificationStatus
    {
        log.append("\(name):\(notification)")
        return try decide(notification, context)
    }

    public func dispose() {
        if recordsDispose { log.append("\(name):dispose") }
    }
}

/// The registration of a `RecordingModule`.
public func recordingModule(
    _ name: String, log: EventLog,
    notifications: RequestNotifications, post: RequestNotifications = [],
    priority: ModulePriority = .medium, recordsDispose: Bool = true,
    decide: @escaping @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus = { _, _ in .continue }
) -> ModuleRegistration {
    ModuleRegistration(
        name: name,
        factory: ClosureModuleFactory { _ in
            RecordingModule(name: name, log: log, recordsDispose: recordsDispose, decide: decide)
        },
        notifications: notifications, postNotifications: post, priority: priority)
}
