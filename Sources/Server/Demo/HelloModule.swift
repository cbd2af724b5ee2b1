import Pipeline

/// Answers `GET /hello` itself, in ExecuteRequestHandler, with a few server variables; every other
/// URL goes on to the next handler (the static files).
public final class HelloModule: HttpModule, Sendable {
    public static let name = "HelloModule"
    public static let path = "/hello"

    public init() {}

    public static func registration() -> ModuleRegistration {
        let module = HelloModule()
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module },
                                  notifications: .executeRequestHandler)
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider)
        throws -> NotificationStatus
    {
        guard notification == .stage(.executeRequestHandler, isPost: false), context.request.path == Self.path else {
            return .continue
        }
        let variables = ["REMOTE_ADDR", "SERVER_SOFTWARE", "URL", "QUERY_STRING", "INSTANCE_NAME"]
        var text = "Hello from isapi-bridge!\n\n"
        text += "HelloModule (a Swift HttpModule in ExecuteRequestHandler) wrote this answer;\n"
        text += "PoweredByModule added the X-Powered-By header in SendResponse.\n\n"
        for name in variables { text += "\(name) = \(context.serverVariable(name) ?? "")\n" }
        context.response.headers.set("Content-Type", "text/plain; charset=utf-8")
        context.response.write(text)
        return .finishRequest
    }
}
