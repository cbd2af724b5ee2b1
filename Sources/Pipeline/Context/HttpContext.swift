import Memory

/// Everything about one request in flight (`IHttpContext`). Confined to its connection's executor.
public final class HttpContext {
    public let request: HttpRequest
    public let response: HttpResponse
    /// Strong: the connection holds its context only while the request runs (`current`, cleared
    /// when it completes), so the cycle ends with the request. An `unowned` reference cost a
    /// checked retain and a release on every access, about fifty per request.
    public let connection: PipelineConnection
    public let pipeline: RequestPipeline
    /// Serial number of this request in the process (stored in arena blocks for guard reports).
    public let requestID: UInt64
    /// Set by authentication (`GetUser`); nil for anonymous until a module or filter sets one.
    public var user: HttpUser?
    /// Request-scoped module storage, cleaned up when the request ends. The connection's one
    /// request storage, empty again after each request (`PipelineConnection.requestCompleted`):
    /// requests on a connection run one after another, so they never share it at the same time.
    public let moduleContexts: ModuleContextStorage
    /// The ordered notifications of this request, when tracing is on.
    public let trace: RequestTrace?
    /// Server variables set by modules (`SetServerVariable`); they shadow computed ones.
    var serverVariableOverrides: [String: String] = [:]
    /// The physical path of the last MapPath of the request URL.
    public internal(set) var physicalPath: String?
    /// The log entry after the filters' LOG notification edited it (nil when no filter is loaded).
    public internal(set) var logRecord: FilterLog?
    /// The URL the request log shows instead of the current one (the IIS URL Rewrite module logs
    /// the URL as received unless a rule says `logRewrittenUrl`): decoded path and query.
    public var loggedURL: (path: String, query: String)?
    /// Request-scoped blocks found damaged when the request's memory was released.
    public internal(set) var guardFailures: [GuardFailure] = []
    /// The handler chosen at MapRequestHandler, if handler mappings are configured.
    public internal(set) var handler: HandlerMapping?
    /// The settings of the request URL's directory (`web.config`), looked up at BeginRequest and
    /// again when the URL changes; nil when the site's own settings apply.
    public internal(set) var directoryPolicy: DirectoryPolicy?
    /// Set by `forward(to:)`: the request is executed by the site's forwarding module.
    public internal(set) var forwardTarget: ForwardTarget?
    /// Called once if the client goes away while this request is in flight (`whenDisconnected`).
    var disconnectHandler: (() -> Void)?

    // Execution state (see RequestExecution.swift).
    var slot = 0
    var moduleCursor = 0
    var executeList: [Int]? = nil
    var finishRequested = false
    var requestHandled = false
    var responseEnded = false
    var pending: PendingNotification?
    /// The stage machine waits for a streamed body to arrive whole (RequestExecution+Body.swift).
    var awaitingBody = false
    var completionGeneration: UInt64 = 0
    /// A PreBeginRequest global waits for the pool (RequestExecution.swift).
    var globalChainSuspended = false
    var globalChainResumesAt: Int?
    /// The handler just invoked went to the pool: its trace line is written when it returns.
    var suspendedOnPool = false
    var currentModule: Int? = nil
    /// The `urlGeneration` request filtering last checked.
    var filteredURLGeneration = 0
    var disabled: [Int: (stages: RequestNotifications, posts: RequestNotifications)] = [:]
    /// `directoryPolicy` (or the site's settings) prepared for the stage machine.
    var rules: DirectoryRules
    let started = ContinuousClock.now

    init(request: HttpRequest, connection: PipelineConnection, requestID: UInt64) {
        self.request = request
        self.response = HttpResponse()
        self.connection = connection
        self.pipeline = connection.pipeline
        self.rules = connection.pipeline.siteRules
        self.moduleContexts = connection.requestModuleContexts
        self.requestID = requestID
        self.trace = connection.pipeline.tracing ? RequestTrace(requestID: requestID) : nil
        response.context = self
    }

    /// `AllocateRequestMemory`: valid until the request ends; attributed to the calling module.
    public func allocateRequestMemory(byteCount: Int) -> UnsafeMutableRawPointer? {
        let owner = currentModule.map { pipeline.modules[$0].owner } ?? .host
        return connection.requestArena.allocate(byteCount: byteCount, owner: owner)
    }

    /// Skips to LogRequest and EndRequest at the next opportunity (for global modules and filters
    /// that finish a request outside a stage handler).
    public func finishRequest() { finishRequested = true }

    /// True when something (a global module, a filter) asked for the request to finish and the
    /// stage machine has not acted on it yet; a handler should stop producing output.
    public var isFinishing: Bool { finishRequested }

    /// `SetRequestHandled`: no further ExecuteRequestHandler module runs.
    public func setRequestHandled() { requestHandled = true }

    /// `DisableNotifications` for the calling module, on this request only, deterministic events only.
    /// Disabling an event also disables its post-event for the module: the IIS documentation's example
    /// calls `DisableNotifications(RQ_BEGIN_REQUEST, 0)` in OnBeginRequest to skip the pending
    /// OnPostBeginRequest.
    public func disableNotifications(_ stages: RequestNotifications, post: RequestNotifications = []) {
        guard let module = currentModule else { return }
        let current = disabled[module] ?? ([], [])
        let events = stages.intersection(.allStages)
        disabled[module] = (current.stages.union(events), current.posts.union(post).union(events))
    }

    /// The module whose handler is running, if any.
    public var currentModuleName: String? { currentModule.map { pipeline.modules[$0].name } }

    /// `MapPath`: the physical path for `url` under the virtual directory that serves it (the longest
    /// matching virtual path), after RQ_MAP_PATH handlers.
    public func mapPath(_ url: String) -> String {
        let absolute = url.hasPrefix("/") ? url : "/" + url
        let event = MapPathEvent(url: url, physicalPath: pipeline.site.virtualRoot(for: absolute).map(absolute))
        dispatchNonDeterministic(.mapPath, provider: .mapPath(event))
        if url == request.path { physicalPath = event.physicalPath }
        return event.physicalPath
    }

    /// After a filter changed the URL (AUTH_COMPLETE): MapPath again for the new path when a
    /// module or filter listens for it (RQ_MAP_PATH, URL_MAP). With no listener nothing can see
    /// the mapping happen, so the old physical path is only forgotten and the new one is mapped
    /// when first asked for, to the same value (about 2,400 instructions a rewritten request saves
    /// when its handler never asks).
    func mapChangedURL() {
        if pipeline.chain.modules(for: .mapPath).isEmpty {
            physicalPath = nil
        } else {
            _ = mapPath(request.path)
        }
    }

    /// Reads up to `maxBytes` of the body (`ReadEntityBody`), raising ReadEntity. Empty at the end.
    public func readEntityBody(maxBytes: Int) -> [UInt8] {
        if let stream = request.bodyStream, !stream.isTaken {
            pipeline.logger.error("request \(requestID): ReadEntityBody while the body is still arriving, by '\(currentModuleName ?? "?")', a module registered as not reading bodies; it gets what was collected")
        }
        let available = request.remainingEntityBytes
        guard available > 0, maxBytes > 0 else { return [] }
        let count = min(available, maxBytes)
        let slice = Array(request.body[request.bodyReadOffset..<(request.bodyReadOffset + count)])
        request.bodyReadOffset += count
        let event = ReadEntityEvent(bytes: slice)
        dispatchNonDeterministic(.readEntity, provider: .readEntity(event))
        return event.bytes
    }

    /// `GetResponseHeadersSent`.
    public var responseHeadersSent: Bool { response.headersSent }

    /// Milliseconds since the request entered the pipeline (`GetRequestElapsedTime`).
    public var elapsed: Duration { ContinuousClock.now - started }
}
