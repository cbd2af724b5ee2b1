import Config
import Pipeline

/// `<httpRedirect enabled="true">` (IIS's HttpRedirectionModule): every request of the directory
/// it is configured for, in BeginRequest, is answered with a redirect to `destination` (with the
/// request's path below that directory and its query appended unless `exactDestination`, whose
/// `$V`, `$S`, `$Q` and `$P` are replaced; the directory itself left alone when `childOnly`).
final class HTTPRedirectionModule: HttpModule, Sendable {
    static let name = "HttpRedirectionModule"
    let settings: HTTPRedirectModel

    init(_ settings: HTTPRedirectModel) { self.settings = settings }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.beginRequest, isPost: false) else { return .continue }
        let request = context.request
        guard settings.redirects(request.path) else { return .continue }
        let location = settings.location(path: request.canonicalPath.encoded, query: request.query)
        context.response.redirect(to: location, status: settings.status)
        return .finishRequest
    }
}
