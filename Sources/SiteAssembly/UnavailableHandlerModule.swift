import Config
import Pipeline

/// Executes the `<handlers>` entries isapi-bridge cannot run (ASP.NET, Windows ISAPI extensions,
/// CGI of Windows executables, ...): the request gets 500.21, IIS's answer for a handler whose
/// module is missing, naming the handler and the feature, instead of falling through to the static
/// file handler (which would send an `.aspx` page's source).
final class UnavailableHandlerModule: HttpModule, Sendable {
    static let name = "UnavailableHandler"
    /// Handler name -> the feature it needs.
    let features: [String: String]

    init(features: [String: String]) { self.features = features }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.executeRequestHandler, isPost: false) else { return .continue }
        let handler = context.handler?.name ?? "?"
        let response = context.response
        response.clear()
        response.setStatus(500, subStatus: 21)
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        response.write("500 Internal Server Error: handler '\(handler)' needs \(features[handler] ?? "a module"), which isapi-bridge does not provide on Linux.\n")
        return .finishRequest
    }
}
