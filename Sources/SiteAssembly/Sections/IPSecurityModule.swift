import Config
import Pipeline

/// `security/ipSecurity` (IIS's IpRestrictionModule), in BeginRequest: a client address the
/// directory's entries deny (or that no entry lists, with `allowUnlisted="false"`) gets the
/// `denyAction` as IIS 8 and later answer it: 403.503 (Forbidden, the default), 404.503
/// (NotFound), 401.503 (Unauthorized), or the connection reset with no response and no log line
/// status (AbortRequest). Substatus 503 is IIS's "denied by IP address restriction"; IIS 7.x sent 403.6.
final class IPSecurityModule: HttpModule, Sendable {
    static let name = "IpRestrictionModule"
    let settings: IPSecurityModel

    init(_ settings: IPSecurityModel) { self.settings = settings }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.beginRequest, isPost: false) else { return .continue }
        if settings.allows(context.connection.info.remoteAddress) { return .continue }
        let response = context.response
        response.clear()
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        switch settings.denyAction {
        case .forbidden:
            response.setStatus(403, subStatus: 503)
            response.write("403 Forbidden: your IP address is not allowed here.\n")
        case .notFound:
            response.setStatus(404, subStatus: 503)
            response.write("404 Not Found\n")
        case .unauthorized:
            response.setStatus(401, subStatus: 503)
            response.write("401 Unauthorized: your IP address is not allowed here.\n")
        case .abortRequest:
            response.resetConnection()
        }
        return .finishRequest
    }
}
