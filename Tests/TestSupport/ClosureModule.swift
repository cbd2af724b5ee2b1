import Pipeline

/// A module whose behaviour is a closure, for the stages a test needs.
public final class ClosureModule: HttpModule, Sendable {
    public let body: @Sendable (RequestNotification, HttpContext) -> NotificationStatus

    public init(_ body: @escaping @Sendable (RequestNotification, HttpContext) -> NotificationStatus) { self.body = body }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws
        -> NotificationStatus
    {
        body(notification, context)
    }

    /// A registration that runs `body` for `notifications`.
    public static func registration(
        _ name: String, _ notifications: RequestNotifications, priority: ModulePriority = .medium,
        _ body: @escaping @Sendable (RequestNotification, HttpContext) -> NotificationStatus
    ) -> ModuleRegistration {
        ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in ClosureModule(body) },
                           notifications: notifications, priority: priority)
    }
}
