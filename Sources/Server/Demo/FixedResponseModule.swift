import Pipeline

/// Answers every request with the same small body: the only module of the benchmark's
/// "empty chain", so that isapi-bridge and the bare SwiftNIO server return identical bodies.
public final class FixedResponseModule: HttpModule, Sendable {
    public static let name = "FixedResponseModule"
    public let body: [UInt8]
    public let status: Int

    public init(status: Int = 200, body: String = "Hello World!") {
        self.status = status
        self.body = Array(body.utf8)
    }

    public static func registration(status: Int = 200, body: String = "Hello World!") -> ModuleRegistration {
        let module = FixedResponseModule(status: status, body: body)
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module },
                                  notifications: .executeRequestHandler)
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider)
        throws -> NotificationStatus
    {
        if status != 200 { context.response.setStatus(status) }
        context.response.write(body)
        return .finishRequest
    }
}
