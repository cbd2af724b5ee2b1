import NIOPosix
import Pipeline
import Synchronization

/// Serves files under the site's physical path (IIS's `StaticFileModule`), in ExecuteRequestHandler.
///
/// It serves the canonical request path (no `..`, `%XX` or backslash left: docs/security.md),
/// mapped with `context.mapPath`, so MapPath observers (URL_MAP filters) see and may change it; the
/// result must still resolve inside the site root, or the answer is 403. GET and HEAD; other
/// methods get 405 with `Allow: GET, HEAD` (IIS also lists OPTIONS and TRACE, which its own
/// handlers serve); `ETag`, `Last-Modified`, the conditional headers (`Preconditions`) and one
/// byte range (`ByteRange`); `index.html` for directories, with a redirect from `/dir` to `/dir/`.
///
/// What is on disk comes from the process's `FileCache`: a request for a file it knows (looked at
/// within the last second) touches no disk. Otherwise the request goes PENDING while a thread of
/// NIO's pool looks (`realpath`, `stat`, `open`, one read for a small file), and resumes on its
/// event loop. A small file's body is bytes from the cache; a larger one is a `ResponseFile` on the
/// cache's open descriptor, which the server sends with `sendfile` (docs/architecture.md, "How a
/// response body flows"), so a file's size costs no memory.
public final class StaticFileModule: HttpModule, Sendable {
    public static let name = "StaticFileModule"

    /// Where a request the file cache cannot answer looks at the disk.
    public enum DiskAccess: Sendable {
        /// On a thread of NIO's pool, the request PENDING meanwhile: the server's choice.
        case threadPool
        /// On the request's own thread: for drivers whose executor only runs when they drive it
        /// (an `EmbeddedEventLoop` in the fuzzers), where nothing else waits on the thread.
        case callingThread
    }

    public let defaultDocument: String
    let cache: FileCache
    let diskAccess: DiskAccess

    init(defaultDocument: String, cache: FileCache, diskAccess: DiskAccess) {
        self.defaultDocument = defaultDocument
        self.cache = cache
        self.diskAccess = diskAccess
    }

    /// The registration for ExecuteRequestHandler, on the process's file cache.
    public static func registration(defaultDocument: String = "index.html", priority: ModulePriority = .medium,
                                    diskAccess: DiskAccess = .threadPool) -> ModuleRegistration {
        registration(defaultDocument: defaultDocument, cache: FileCache.processWide, priority: priority,
                     diskAccess: diskAccess)
    }

    /// The registration on a cache of its own (tests, or a server with its own limits).
    package static func registration(defaultDocument: String = "index.html", cache: FileCache,
                                     priority: ModulePriority = .medium,
                                     diskAccess: DiskAccess = .threadPool) -> ModuleRegistration {
        // One shared, stateless instance serves every request; a look at the disk in flight is kept
        // in the request's module contexts.
        let module = StaticFileModule(defaultDocument: defaultDocument, cache: cache, diskAccess: diskAccess)
        return ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in module },
                                  notifications: .executeRequestHandler, priority: priority)
    }

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider)
        throws -> NotificationStatus
    {
        guard notification == .stage(.executeRequestHandler, isPost: false) else { return .continue }
        let request = context.request
        guard request.method == "GET" || request.method == "HEAD" else {
            context.response.headers.set("Allow", "GET, HEAD")
            answer(context, 405, "\(request.method) is not allowed for static files; use GET or HEAD.")
            return .finishRequest
        }
        // Files are confined to the virtual directory that serves the URL.
        let root = context.pipeline.site.virtualRoot(for: request.path).physicalPath
        let mapped = context.mapPath(request.path)
        // A URL_MAP filter that finished the request has answered it (IIS 7 once sent 200 here: KB 960267).
        if context.isFinishing { return .finishRequest }
        if let lookup = StaticFileLookup.cached(root: root, mapped: mapped, defaultDocument: defaultDocument, in: cache) {
            serve(lookup, context)
            return .finishRequest
        }
        let lookup = PendingLookup()
        // On the calling thread when asked to, or when this request already has a slot (a second
        // run of the handler in one request): never a PENDING that could not find its result.
        guard diskAccess == .threadPool, (try? context.moduleContexts.set(lookup, for: Self.name)) != nil else {
            serve(StaticFileLookup.refreshed(root: root, mapped: mapped, defaultDocument: defaultDocument, in: cache), context)
            return .finishRequest
        }
        let completion = context.makeCompletionHandle()
        let (cache, defaultDocument) = (self.cache, self.defaultDocument)
        NIOThreadPool.singleton.submit { _ in
            lookup.result.withLock {
                $0 = StaticFileLookup.refreshed(root: root, mapped: mapped, defaultDocument: defaultDocument, in: cache)
            }
            completion.postCompletion()
        }
        return .pending
    }

    public func handleAsyncCompletion(_ notification: RequestNotification, context: HttpContext, completion: AsyncCompletion)
        throws -> NotificationStatus
    {
        guard let pending = context.moduleContexts.get(for: Self.name) as? PendingLookup,
              let lookup = pending.result.withLock({ $0.take() })
        else { return .continue }
        serve(lookup, context)
        return .finishRequest
    }

    private func serve(_ lookup: StaticFileLookup, _ context: HttpContext) {
        let request = context.request
        switch lookup.resolution {
        case .refused(let refusal):
            refuse(context, refusal)
        case .file(let file, let path):
            send(file, path, context)
        case .directory(let document):
            guard request.path.hasSuffix("/") else {
                context.response.redirect(to: request.canonicalPath.encoded + "/", status: 301, includeQuery: true)
                return
            }
            switch document {
            case .success(let (file, path)) where file.kind == .regularFile:
                send(file, path, context)
            case .success:
                refuse(context, .notFound)
            case .failure(.notFound):
                answer(context, 403, "Directory listing is not allowed here, and there is no \(defaultDocument).", subStatus: 14)
            case .failure(let refusal):
                refuse(context, refusal)
            }
        }
    }

    private func send(_ file: CachedFile, _ path: String, _ context: HttpContext) {
        let request = context.request
        let response = context.response
        let outcome = Preconditions.evaluate(request.headers, file)
        let prepared = outcome == .proceed ? file.responseHeaders : file.validatorHeaders
        if response.headers.isEmpty {
            // The usual case: the entry's headers, made and checked once, shared by every response.
            response.headers = prepared
        } else {
            // One assignment, not one per header: each change of `headers` re-validates all of them.
            var headers = response.headers
            response.headers = HeaderList()
            for (name, value) in prepared { headers.set(name, value) }
            response.headers = headers
        }
        switch outcome {
        case .proceed: break
        case .notModified: return response.setStatus(304)
        case .failed: return answer(context, 412, "The file '\(request.path)' does not match the request's If-Match or If-Unmodified-Since.")
        }
        if request.method == "HEAD" {
            response.headers.set("Content-Length", String(file.size))
            return
        }
        var first = 0
        var count = file.size
        if let header = request.headers["Range"], Preconditions.rangeApplies(request.headers, file) {
            switch ByteRange(header: header, size: file.size) {
            case .whole:
                break
            case .part(let from, let last):
                first = from
                count = last - from + 1
                response.setStatus(206)
                response.headers.set("Content-Range", "bytes \(from)-\(last)/\(file.size)")
            case .unsatisfiable:
                response.headers.set("Content-Range", "bytes */\(file.size)")
                return answer(context, 416, "The range '\(header)' is not within the file's \(file.size) bytes.")
            }
        }
        // An empty file still gets its `Content-Length: 0`: the buffered body is empty.
        switch file.body {
        case .bytes(let bytes):
            response.write(count == bytes.count ? bytes : Array(bytes[first..<first + count]))
        case .descriptor(let opened):
            response.write(ResponseFile(path: path, offset: first, length: count, opened: opened))
        case .none:
            response.write(ResponseFile(path: path, offset: first, length: count))
        }
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

/// Where the thread that looked at the disk leaves what it found for the request's event loop.
final class PendingLookup: StoredContext, Sendable {
    let result = Mutex<StaticFileLookup?>(nil)
    func cleanupStoredContext() {}
}
