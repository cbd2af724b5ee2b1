import Foundation
import Pipeline

/// `<defaultDocument>` (IIS's DefaultDocumentModule): a URL naming a directory (ending in `/`) is
/// rewritten, at MapRequestHandler, to the first of the configured files that exists there, so the
/// handler for that file serves it (the StaticFile handler for `Default.htm`; the ASP.NET handler,
/// answering 500.21, for `default.aspx`). The client's URL and the query string stay as sent in what
/// the client sees; `URL`/`SCRIPT_NAME` become the document's, as in IIS.
final class DefaultDocumentModule: HttpModule, Sendable {
    static let name = "DefaultDocumentModule"
    let files: [String]

    init(files: [String]) { self.files = files }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.mapRequestHandler, isPost: false) else { return .continue }
        let request = context.request
        guard request.path.hasSuffix("/") else { return .continue }
        let directory = context.mapPath(request.path)
        if context.isFinishing { return .continue }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        for file in files where Self.isRegularFile(base + file) {
            request.setURL(request.canonicalPath.encoded + Self.encode(file), resetQueryString: false)
            break
        }
        return .continue
    }

    static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// A file name as one URL path segment.
    static func encode(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~!$&'()*+,;=:@".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded()
            }
        }
        return out
    }
}

private extension String {
    func leftPadded() -> String { count == 1 ? "0" + self : self }
}
