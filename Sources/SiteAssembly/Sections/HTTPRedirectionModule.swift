import Config
import Pipeline

/// `<httpRedirect enabled="true">` (IIS's HttpRedirectionModule): every request of the site, in
/// BeginRequest, is answered with a redirect to `destination` (with the request's path and query
/// appended unless `exactDestination`; the root left alone when `childOnly`).
final class HTTPRedirectionModule: HttpModule, Sendable {
    static let name = "HttpRedirectionModule"
    let settings: HTTPRedirectModel

    init(_ settings: HTTPRedirectModel) { self.settings = settings }

    static func registration(_ settings: HTTPRedirectModel) -> ModuleRegistration {
        let module = HTTPRedirectionModule(settings)
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module }, notifications: .beginRequest)
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.beginRequest, isPost: false) else { return .continue }
        let request = context.request
        if settings.childOnly && request.path == "/" { return .continue }
        var location = settings.destination
        if !settings.exactDestination {
            if location.hasSuffix("/") { location.removeLast() }
            location += request.canonicalPath.encoded
            if !request.query.isEmpty { location += "?" + request.query }
        }
        context.response.redirect(to: location, status: settings.status)
        return .finishRequest
    }
}
