import Pipeline

/// Answers every request with the same small body: the only module of the benchmark's
/// "empty chain", so that isapi-bridge and the bare SwiftNIO server return identical bodies.
public final class FixedResponseModule: HttpModule, Sendable {
    public static let name = "FixedResponseModule"
    public let body: [UInt8]

    public init(body: String = "Hello World!") {
        self.body = Array(body.utf8)
    }

    public static func registration(body: String = "Hello World!") -> ModuleRegistration {
        let module = FixedResponseModule(body: body)
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module },
                                  notifications: .executeRequestHandler)
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider)
        throws -> NotificationStatus
    {
        context.response.write(body)
        return .finishRequest
    }
}
