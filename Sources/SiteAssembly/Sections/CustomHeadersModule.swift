import Config
import Pipeline

/// `<httpProtocol>`: `customHeaders` on every response and `redirectHeaders` on redirects (3xx),
/// set in SendResponse as the headers go out (a header of that name already there is replaced).
final class CustomHeadersModule: HttpModule, Sendable {
    static let name = "CustomHeaders"
    let settings: HTTPProtocolModel

    init(_ settings: HTTPProtocolModel) { self.settings = settings }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard case .sendResponse(let event) = provider, event.headersBeingSent else { return .continue }
        let response = context.response
        for header in settings.customHeaders { response.headers.set(header.name, header.value) }
        if (300..<400).contains(response.status) {
            for header in settings.redirectHeaders { response.headers.set(header.name, header.value) }
        }
        return .continue
    }
}
