import Config
import Foundation
import Pipeline

/// `<staticContent>` for requests the StaticFile handler serves. With mime maps, as IIS: a file whose
/// extension is not listed is not served (404.3 at PostMapRequestHandler, so that a `.git/HEAD` or
/// a `.sln` in a project directory stays private), and a listed one gets the listed
/// `Content-Type`; `clientCache` adds its `Cache-Control` to successful static responses.
final class StaticContentModule: HttpModule, Sendable {
    static let name = "StaticContent"
    let settings: StaticContentModel

    init(_ settings: StaticContentModel) { self.settings = settings }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        // Without <handlers> every module executes the request: StaticFileModule may be the one.
        guard context.handler.map({ $0.modules.contains("StaticFileModule") }) ?? true else { return .continue }
        switch (notification, provider) {
        case (.stage(.mapRequestHandler, isPost: true), _):
            return refuseUnlisted(context)
        case (.sendResponse, .sendResponse(let event)) where event.headersBeingSent:
            let response = context.response
            guard response.status < 400 else { return .continue }
            if response.status == 200 || response.status == 206, let type = settings.mimeMaps[Self.fileExtension(context.request.path)] {
                response.headers.set("Content-Type", type)
            }
            if let cacheControl = settings.cacheControl, response.headers["Cache-Control"] == nil {
                response.headers.set("Cache-Control", cacheControl)
            }
            return .continue
        default:
            return .continue
        }
    }

    private func refuseUnlisted(_ context: HttpContext) -> NotificationStatus {
        let path = context.request.path
        guard !settings.mimeMaps.isEmpty, !path.hasSuffix("/"), settings.mimeMaps[Self.fileExtension(path)] == nil else { return .continue }
        // A directory without its slash is StaticFileModule's to redirect.
        var isDirectory: ObjCBool = false
        let physical = context.mapPath(path)
        if context.isFinishing || (FileManager.default.fileExists(atPath: physical, isDirectory: &isDirectory) && isDirectory.boolValue) {
            return .continue
        }
        let response = context.response
        response.clear()
        response.setStatus(404, subStatus: 3)
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        response.write("404 Not Found: the file's extension has no <staticContent><mimeMap>, so it is not served.\n")
        return .finishRequest
    }

    /// The lower-cased extension of the last segment, with its dot; empty when it has none.
    static func fileExtension(_ path: String) -> String {
        let last = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = last.lastIndex(of: ".") else { return "" }
        return String(last[dot...]).lowercased()
    }
}
