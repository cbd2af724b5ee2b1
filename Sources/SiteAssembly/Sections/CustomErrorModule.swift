import Config
import Foundation
import Pipeline

/// `<httpErrors>` (IIS's CustomErrorModule): as the headers of an error response (400 and up) go
/// out, the response is replaced by the configured page for its status (an exact sub-status first,
/// then `subStatusCode="-1"`). `File` sends a file, `ExecuteURL` sends the file the URL maps to in
/// the site (no child request: static pages only), `Redirect` answers 302. `errorMode` decides for
/// whom (`DetailedLocalOnly`: remote clients only); `existingResponse="Auto"` replaces like
/// `Replace` (isapi-bridge has no fTrySkipCustomErrors); `PassThrough` turns the section off.
final class CustomErrorModule: HttpModule, Sendable {
    static let name = "CustomErrorModule"
    let settings: HTTPErrorsModel

    init(_ settings: HTTPErrorsModel) { self.settings = settings }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard case .sendResponse(let event) = provider, event.headersBeingSent, event.isFinal else { return .continue }
        let response = context.response
        guard response.status >= 400, !response.headersSuppressed else { return .continue }
        if settings.mode == .detailedLocalOnly && Self.isLocal(context.connection.info.remoteAddress) { return .continue }
        guard let page = settings.pages.first(where: { $0.statusCode == response.status && $0.subStatusCode == response.subStatus })
                ?? settings.pages.first(where: { $0.statusCode == response.status && $0.subStatusCode == -1 }) else { return .continue }
        switch page.responseMode {
        case .redirect:
            response.redirect(to: page.path, status: 302)
        case .file, .executeURL:
            let root = context.pipeline.site.physicalPath
            let file = page.responseMode == .executeURL ? context.mapPath(page.path)
                : page.path.hasPrefix("/") ? page.path : (root.hasSuffix("/") ? root : root + "/") + page.path
            guard let body = FileManager.default.contents(atPath: file) else {
                context.pipeline.logger.warning("httpErrors page for \(response.status) at '\(file)' cannot be read; the error goes out as it is")
                return .continue
            }
            response.clearBody()
            response.headers.set("Content-Type", file.lowercased().hasSuffix(".htm") || file.lowercased().hasSuffix(".html")
                                 ? "text/html; charset=utf-8" : "text/plain; charset=utf-8")
            response.write(Array(body))
        }
        return .continue
    }

    static func isLocal(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }
}
