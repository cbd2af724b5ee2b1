import Pipeline

/// Adds `X-Powered-By: isapi-bridge` to every response, in SendResponse: the demo's proof that a
/// module sees responses other modules (or the static file handler) produced.
public final class PoweredByModule: HttpModule, Sendable {
    public static let name = "PoweredByModule"
    public static let headerName = "X-Powered-By"
    public static let headerValue = "isapi-bridge"

    public init() {}

    public static func registration() -> ModuleRegistration {
        let module = PoweredByModule()
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module }, notifications: .sendResponse)
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider)
        throws -> NotificationStatus
    {
        if case .sendResponse(let event) = provider, event.headersBeingSent {
            context.response.headers.set(Self.headerName, Self.headerValue)
        }
        return .continue
    }
}
