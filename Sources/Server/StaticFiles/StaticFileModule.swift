import Pipeline

/// Serves files under the site's physical path (IIS's `StaticFileModule`), in ExecuteRequestHandler.
///
/// It serves the canonical request path (no `..`, `%XX` or backslash left: docs/security.md),
/// mapped with `context.mapPath`, so MapPath observers (URL_MAP filters) see and may change it; the
/// result must still resolve inside the site root, or the answer is 403. GET and HEAD; other
/// methods get 405 with `Allow: GET, HEAD` (IIS also lists OPTIONS and TRACE, which its own
/// handlers serve); `Last-Modified` / `If-Modified-Since`; `index.html` for directories, with a
/// redirect from `/dir` to `/dir/`. The body is a `ResponseFile`, not bytes: the server streams it
/// from the file (docs/architecture.md, "How a response body flows"), so a file's size costs no memory.
public final class StaticFileModule: HttpModule, Sendable {
    public static let name = "StaticFileModule"
    public let defaultDocument: String

    public init(defaultDocument: String = "index.html") {
        self.defaultDocument = defaultDocument
    }

    /// The registration for ExecuteRequestHandler; one shared, stateless instance serves every request.
    public static func registration(defaultDocument: String = "index.html",
                                    priority: ModulePriority = .medium) -> ModuleRegistration {
        let module = StaticFileModule(defaultDocument: defaultDocument)
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module },
                                  notifications: .executeRequestHandler, priority: priority)
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider)
        throws -> NotificationStatus
    {
        guard notification == .stage(.executeRequestHandler, isPost: false) else { return .continue }
        serve(context)
        return .finishRequest
    }

    private func serve(_ context: HttpContext) {
        let request = context.request
        let response = context.response
        guard request.method == "GET" || request.method == "HEAD" else {
            response.headers.set("Allow", "GET, HEAD")
            return answer(context, 405, "\(request.method) is not allowed for static files; use GET or HEAD.")
        }
        let root = context.pipeline.site.physicalPath
        var real: String
        let mapped = context.mapPath(request.path)
        // A URL_MAP filter that finished the request has answered it (IIS 7 once sent 200 here: KB 960267).
        if context.isFinishing { return }
        switch ConfinedPath.resolve(mapped, inside: root) {
        case .success(let path): real = path
        case .failure(let refusal): return refuse(context, refusal)
        }
        guard var status = FileStatus(path: real) else { return refuse(context, .notFound) }
        if status.isDirectory {
            guard request.path.hasSuffix("/") else {
                response.redirect(to: request.canonicalPath.encoded + "/", status: 301, includeQuery: true)
                return
            }
            switch ConfinedPath.resolve(real + "/" + defaultDocument, inside: root) {
            case .success(let path): real = path
            case .failure(.notFound):
                return answer(context, 403, "Directory listing is not allowed here, and there is no \(defaultDocument).",
                              subStatus: 14)
            case .failure(let refusal): return refuse(context, refusal)
            }
            guard let document = FileStatus(path: real) else { return refuse(context, .notFound) }
            status = document
        }
        guard status.isRegularFile else { return refuse(context, .notFound) }
        send(real, status, context)
    }

    private func send(_ path: String, _ status: FileStatus, _ context: HttpContext) {
        let response = context.response
        response.headers.set("Last-Modified", HTTPDate.format(status.modified))
        if let since = context.request.headers["If-Modified-Since"].flatMap(HTTPDate.parse), status.modified <= since {
            response.setStatus(304)
            return
        }
        response.headers.set("Content-Type", MediaType.forFile(path))
        if context.request.method == "HEAD" {
            response.headers.set("Content-Length", String(status.size))
            return
        }
        guard FileStatus.isReadable(path) else {
            response.headers.remove("Last-Modified")
            return refuse(context, .notPermitted)
        }
        // An empty file still gets its `Content-Length: 0`: the buffered body is empty.
        response.write(ResponseFile(path: path, length: status.size))
    }

    private func refuse(_ context: HttpContext, _ refusal: ConfinedPath.Refusal) {
        let path = context.request.path
        switch refusal {
        case .escapesRoot: answer(context, 403, "The path '\(path)' is outside the site.")
        case .notPermitted: answer(context, 403, "The file for '\(path)' cannot be read.")
        case .notFound: answer(context, 404, "Nothing is at '\(path)'.")
        }
    }

    private func answer(_ context: HttpContext, _ status: Int, _ message: String, subStatus: Int = 0) {
        let response = context.response
        response.clearBody()
        response.setStatus(status, subStatus: subStatus)
        response.headers.set("Content-Type", "text/plain; charset=utf-8")
        response.write("\(status) \(HTTPStatusReason.phrase(for: status)): \(message)\n")
    }
}
