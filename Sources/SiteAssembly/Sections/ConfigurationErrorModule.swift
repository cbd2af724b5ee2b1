import Config
import Pipeline

/// A directory whose configuration cannot be used (a malformed `web.config`, an invalid value, a
/// section locked at a parent level): as IIS, every request for it gets 500.19 in BeginRequest.
/// The file, line and reason are in the server log; a local client (as IIS's detailed errors)
/// also sees them in the body, a remote one a short message.
final class ConfigurationErrorModule: HttpModule, Sendable {
    static let name = "ConfigurationError"
    let error: DirectoryConfigurationError

    init(error: DirectoryConfigurationError) { self.error = error }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.beginRequest, isPost: false) else { return .continue }
        let response = context.response
        response.clear()
        response.setStatus(500, subStatus: 19)
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        var body = "500.19 Internal Server Error: the configuration data for this page is invalid.\n"
        if CustomErrorModule.isLocal(context.connection.info.remoteAddress) { body += "\n\(error)\n" }
        response.write(body)
        return .finishRequest
    }
}
