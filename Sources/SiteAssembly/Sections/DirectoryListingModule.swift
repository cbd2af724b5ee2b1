import Foundation
import Pipeline

/// `<directoryBrowse enabled="true">` (IIS's DirectoryListingModule): a URL naming a directory that
/// has no default document gets an HTML list of its entries, instead of StaticFileModule's 403.14.
/// It answers at PostMapRequestHandler, once the handler is known, and only when that handler names
/// `DirectoryListingModule` (IIS's StaticFile handler does). Entries are listed with their size and
/// modification time (UTC); hidden segments of request filtering are left out, as their URLs would
/// be refused anyway.
final class DirectoryListingModule: HttpModule, Sendable {
    static let name = "DirectoryListingModule"
    /// Files that would be served instead (the site's default documents, and StaticFileModule's own).
    let defaultDocuments: [String]

    init(defaultDocuments: [String]) { self.defaultDocuments = defaultDocuments }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.mapRequestHandler, isPost: true),
              context.handler?.modules.contains(Self.name) == true,
              ["GET", "HEAD"].contains(context.request.method) else { return .continue }
        let path = context.request.path
        guard path.hasSuffix("/") else { return .continue }
        let directory = context.mapPath(path)
        if context.isFinishing { return .continue }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return .continue }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        if defaultDocuments.contains(where: { DefaultDocumentModule.isRegularFile(base + $0) }) { return .continue }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return .continue }
        let hidden = Set((context.directoryPolicy?.requestFiltering ?? context.pipeline.requestFiltering).hiddenSegments.map { $0.lowercased() })
        let response = context.response
        response.clear()
        response.headers.set("Content-Type", "text/html; charset=utf-8")
        response.write(Self.page(path: path, base: base, names: names.filter { !hidden.contains($0.lowercased()) }.sorted {
            $0.lowercased() < $1.lowercased()
        }))
        return .finishRequest
    }

    static func page(path: String, base: String, names: [String]) -> String {
        var html = "<!DOCTYPE html>\n<html><head><title>\(escape(path))</title></head><body>\n<h1>\(escape(path))</h1>\n<pre>\n"
        if path != "/" { html += "<a href=\"../\">[To Parent Directory]</a>\n\n" }
        for name in names {
            var info = stat()
            guard stat(base + name, &info) == 0 else { continue }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            let date = HTTPDate.format(Int(info.st_mtim.tv_sec))
            let size = isDirectory ? "&lt;dir&gt;" : String(info.st_size)
            let link = DefaultDocumentModule.encode(name) + (isDirectory ? "/" : "")
            html += "\(date) \(String(repeating: " ", count: max(1, 12 - size.count)))\(size) <a href=\"\(escape(link))\">\(escape(name))</a>\n"
        }
        return html + "</pre>\n</body></html>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
