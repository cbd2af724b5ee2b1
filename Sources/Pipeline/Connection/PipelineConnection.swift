import Logging
import Memory
import Synchronization

/// One client connection as the pipeline sees it: owns the connection arena and the connection's
/// module storage, runs its requests one after another, and on close raises the close
/// notification before freeing the arena.
public final class PipelineConnection {
    public let pipeline: RequestPipeline
    /// Set once; the server adds `tls` when the handshake completes (before the first request).
    public package(set) var info: ConnectionInfo
    let executor: any ConnectionExecutor
    /// AllocMem memory: lives until `close()` has notified everyone.
    public let arena: ConnectionArena
    /// Reused for each request in turn.
    public let requestArena: RequestArena
    /// Connection-scoped module storage (`IHttpConnection::GetModuleContextContainer`).
    public let moduleContexts = ModuleContextStorage()
    /// Request-scoped module storage, lent to each request in turn (`HttpContext.moduleContexts`).
    let requestModuleContexts = ModuleContextStorage()
    public weak var sink: (any ResponseSink)?
    /// The context of the request being processed, if any.
    public private(set) var current: HttpContext?
    public private(set) var completedRequests = 0
    /// `IHttpConnection::IsConnected`: false once the client has gone.
    public private(set) var isConnected = true
    public private(set) var isClosed = false
    /// Connection-scoped blocks found damaged when the arena was released at close.
    public private(set) var closeGuardFailures: [GuardFailure] = []
    /// Set when the connection must close after the current response (cap reached, FINISHED...).
    public var closeAfterCurrentResponse = false
    /// Called after each request completed (after EndRequest, Dispose and the arena reset).
    public var onRequestCompleted: ((HttpContext) -> Void)?
    /// Called once the connection is closed and its memory released (after a close that waited for
    /// a pooled END_OF_NET_SESSION too).
    public var onClosed: (() -> Void)?

    /// The filters' per-connection state, when the site has filters.
    private(set) var filterSession: FilterSession?

    private var queue: [IncomingRequest] = []
    private var queueHead = 0
    private var instances: [(any HttpModule)?] = []
    private var closeWhenIdle = false
    /// The current response was replaced by a 500 (a refused header): the module's body is dropped.
    private var discardingBody = false
    /// Output of the current response waiting for the client (PipelineConnection+RawOutput.swift).
    var rawOutput = RawOutputQueue()
    /// Pool mode: whether a pool thread owns the connection now (PipelineConnection+Parking.swift).
    var parking = ParkingState()
    /// The connection-close chain waits for a pooled END_OF_NET_SESSION: the next global to call.
    private var closeChainResumesAt: Int?
    private var closeChainSuspended = false

    private static let requestSerial = Atomic<UInt64>(0)

    public init(pipeline: RequestPipeline, info: ConnectionInfo, executor: any ConnectionExecutor, pool: ChunkPool) {
        self.pipeline = pipeline
        self.info = info
        self.executor = executor
        self.arena = ConnectionArena(pool: pool, configuration: pipeline.memory, accounting: pipeline.accounting,
                                     logger: pipeline.memoryLogger)
        self.requestArena = RequestArena(pool: pool, configuration: pipeline.memory, accounting: pipeline.accounting,
                                         logger: pipeline.memoryLogger)
        arena.onCapReached = { [unowned self] _ in closeAfterCurrentResponse = true }
        if let chain = pipeline.filters, !chain.isEmpty {
            filterSession = FilterSession(connection: self, chain: chain)
        }
    }

    /// Queues a parsed request; it runs when the ones before it have completed (pipelining).
    public func enqueue(_ request: IncomingRequest) {
        guard !parking.parked else { return whenUnparked { self.enqueue(request) } }
        guard !isClosed && !closeWhenIdle else { return }
        queue.append(request)
        if current == nil { startNext() }
    }

    /// The number of requests received and not yet completed.
    public var backlog: Int { queue.count - queueHead + (current == nil ? 0 : 1) }

    private func startNext() {
        guard current == nil, queueHead < queue.count else { return }
        let incoming = queue[queueHead]
        queueHead += 1
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        }
        let requestID = Self.requestSerial.add(1, ordering: .relaxed).newValue
        requestArena.beginRequest(requestID)
        arena.currentRequestID = requestID
        let request: HttpRequest
        do {
            request = try HttpRequest(method: incoming.method, target: incoming.target, version: incoming.version,
                                      headers: HeaderList(incoming.headers), body: incoming.body,
                                      bodyStream: incoming.bodyStream)
        } catch {
            rejectMalformed(incoming, error: error)
            return
        }
        instances.removeAll(keepingCapacity: true)
        instances.append(contentsOf: repeatElement(nil, count: pipeline.modules.count))
        let context = HttpContext(request: request, connection: self, requestID: requestID)
        current = context
        context.start()
    }

    /// A request whose URL cannot be made canonical never enters the pipeline: 400 and close.
    private func rejectMalformed(_ incoming: IncomingRequest, error: RequestError) {
        pipeline.logger.info("400 for unparseable request: \(error)")
        var headers = HeaderList()
        headers.set("Content-Type", "text/plain; charset=utf-8")
        let body = Array("400 Bad Request: \(error).\n".utf8)
        sink?.writeHead(ResponseHead(version: incoming.version, status: 400, reason: "Bad Request", headers: headers,
                                     contentLength: body.count, isHead: incoming.method == "HEAD", keepAlive: false))
        sink?.writeBody(body)
        sink?.endResponse(keepAlive: false)
        sink?.requestRejected(status: 400)
        closeWhenIdle = true
        _ = requestArena.endRequest()
    }

    /// The module instance serving `context`, made by its factory on first use.
    func instance(of module: Int, for context: HttpContext) throws -> any HttpModule {
        if let existing = instances[module] { return existing }
        // Fields read in place, not a copy of the whole registration.
        let allocator = ModuleAllocator(arena: requestArena, owner: pipeline.modules[module].owner)
        let made = try pipeline.modules[module].factory.makeModule(allocator: allocator)
        instances[module] = made
        return made
    }

    /// A response that goes out before its request's streamed body arrived whole closes the
    /// connection: the rest of the body is not read to find where the next request starts.
    func keepAlive(after context: HttpContext) -> Bool {
        context.request.wantsKeepAlive && !context.response.needsDisconnect && !closeAfterCurrentResponse
            && !closeWhenIdle && isConnected && context.request.bodyStream?.isComplete != false
    }

    func sendHead(for context: HttpContext, contentLength: Int?) {
        let response = context.response
        if context.request.bodyStream?.isComplete == false { response.needsDisconnect = true }
        // The response's list is shared, not copied: `Server` goes in its own field of the head.
        var headers = response.headers
        // A module that set Content-Length itself (e.g. for HEAD) keeps it.
        let length = headers["Content-Length"].flatMap { Int($0) } ?? contentLength
        headers.remove("Content-Length")
        var head = ResponseHead(version: context.request.version, status: response.status, reason: response.reason,
                                headers: headers, contentLength: length, isHead: context.request.method == "HEAD",
                                keepAlive: keepAlive(after: context))
        if !headers.contains("Server") { head.server = pipeline.serverSoftware }
        discardingBody = false
        if let violation = HTTPResponseSerializer.violation(in: head) {
            pipeline.logger.error("request \(context.requestID) (\(context.request.method) \(HeaderViolation.printable(context.request.target))) on site '\(pipeline.site.name)': \(violation), set by \(context.headerSetter(violation.name)); answering 500 instead")
            let (failure, body) = ResponseFailure.internalError(version: head.version, isHead: head.isHead,
                                                                keepAlive: head.keepAlive, server: pipeline.serverSoftware)
            response.headers.removeAll()
            response.setStatus(500)
            head = failure
            sendChecked(head)
            sendBody(body)
            discardingBody = true
            return
        }
        sendChecked(head)
    }

    private func sendChecked(_ head: ResponseHead) {
        if let filterSession, filterSession.filtersOutgoingBytes {
            filterSession.sendHead(head)
        } else {
            sink?.writeHead(head)
        }
    }

    func sendBody(_ bytes: [UInt8]) {
        guard !discardingBody else { return }
        if let filterSession, filterSession.filtersOutgoingBytes {
            queueOutput(.body(bytes))
        } else {
            sink?.writeBody(bytes)
        }
    }

    /// A file body part: the server streams it unless SEND_RAW_DATA filters need its bytes; then
    /// it goes through them chunk by chunk, as fast as the client takes them (`pumpRawOutput`).
    func sendFile(_ file: ResponseFile) {
        guard !discardingBody else { return }
        if let filterSession, filterSession.filtersOutgoingBytes {
            queueOutput(.file(ResponseFileReader(file), framed: true))
        } else {
            sink?.writeFile(file)
        }
    }

    /// Bytes of a response a filter framed itself (after SEND_RESPONSE_HEADER or WriteClient).
    func writeRaw(_ bytes: [UInt8]) {
        if isSendingRawOutput {
            queueOutput(.raw(bytes))
        } else {
            sink?.writeRaw(filterSession?.filterOutgoing(bytes) ?? bytes)
        }
    }

    /// A file part of a response a filter framed itself: read chunk by chunk as the client takes it.
    func writeRawFile(_ file: ResponseFile) {
        queueOutput(.file(ResponseFileReader(file), framed: false))
    }

    func endResponse(keepAlive: Bool) {
        if isSendingRawOutput || filterSession?.filtersOutgoingBytes == true {
            queueOutput(.end(keepAlive: keepAlive))
        } else {
            sink?.endResponse(keepAlive: keepAlive)
        }
    }

    /// Whether bytes read from the socket must go through `filterIncoming` (a READ_RAW_DATA filter).
    public var filtersIncomingBytes: Bool { filterSession?.chain.notifications.contains(.readRawData) ?? false }

    /// READ_RAW_DATA: what the parser gets of `bytes`.
    public func filterIncoming(_ bytes: [UInt8]) -> RawInboundResult {
        filterSession?.filterIncoming(bytes) ?? .parse(bytes)
    }

    /// The read size a READ_RAW_DATA filter asked for (`SF_REQ_SET_NEXT_READ_SIZE`), once.
    public func takeNextReadSize() -> Int? {
        defer { filterSession?.nextReadSize = nil }
        return filterSession?.nextReadSize
    }

    func requestCompleted(_ context: HttpContext) {
        releaseRequestState(context)
        // A request completed on a pool thread (a `.pool` continuation): the rest (the server's
        // observers, the next request) is the loop's, after the hop back.
        if isParked && isOwnedByThisThread { return whenUnparked { self.requestFinished(context) } }
        requestFinished(context)
    }

    /// Module instances disposed, request storage cleaned up, request memory released: on the
    /// thread that ran the request (the pool thread that owns a parked connection, which made most
    /// of what is freed here; freeing it on the loop instead moved memory between the threads'
    /// allocator caches on every request, which cost more than the frees themselves).
    private func releaseRequestState(_ context: HttpContext) {
        for module in pipeline.modules.indices {
            if let instance = instances[module] { instance.dispose() }
        }
        instances.removeAll(keepingCapacity: true)
        // A streamed body nobody reads any more: the server drops what still arrives.
        context.request.bodyStream?.abandon()
        context.moduleContexts.cleanupAll(disconnected: false)
        let failures = requestArena.endRequest()
        context.guardFailures = failures
        if !failures.isEmpty {
            pipeline.logger.error("request \(context.requestID) (\(context.request.method) \(context.request.target)) failed: \(failures.count) request-scoped block(s) damaged")
        }
    }

    /// The loop's part of a completed request: the server's observers, then the next request.
    private func requestFinished(_ context: HttpContext) {
        completedRequests += 1
        current = nil
        if let trace = context.trace { pipeline.traceHandler?(trace) }
        for observer in pipeline.observers { observer.requestCompleted(context) }
        onRequestCompleted?(context)
        if !keepAlive(after: context) { closeWhenIdle = true }
        if closeWhenIdle || !isConnected {
            if !isConnected { finishClose() }
            return
        }
        startNext()
    }

    /// The client went away or the server is closing. A request in flight finishes first (as
    /// `IsConnected` false); then the close notification runs, connection storage is cleaned up
    /// and the arena freed. Idempotent.
    public func close() {
        guard !parking.parked else {
            // A pool thread waiting for the client to take more must not wait for a socket that is gone.
            parking.forwardingSink?.connectionClosing()
            return whenUnparked { self.close() }
        }
        guard !isClosed else { return }
        isConnected = false
        queue.removeAll()
        queueHead = 0
        if let handler = current?.disconnectHandler {
            current?.disconnectHandler = nil
            handler()
        }
        // A response paused for the client finishes now (its files unread), and its request with it.
        if isSendingRawOutput { pumpRawOutput() }
        if current == nil { finishClose() }
    }

    private func finishClose() {
        guard !isClosed else { return }
        isClosed = true
        runCloseChain(from: 0)
    }

    /// The global connection-close notifications from `first` on; a global that waits for the
    /// pool (a pooled END_OF_NET_SESSION) suspends the chain and resumes it.
    private func runCloseChain(from first: Int) {
        let globals = pipeline.globalModules
        var index = first
        while index < globals.count {
            let registration = globals[index]
            index += 1
            guard registration.notifications.contains(.connectionClose) else { continue }
            let status = registration.module.connectionClosed(self)
            if closeChainSuspended {
                closeChainSuspended = false
                closeChainResumesAt = index
                return
            }
            if status == .handled { break }
        }
        releaseConnectionState()
    }

    /// A connection-close global will call `resumeCloseChain()` later, on the executor.
    func suspendCloseChain() { closeChainSuspended = true }

    func resumeCloseChain() {
        guard let next = closeChainResumesAt else { return }
        closeChainResumesAt = nil
        runCloseChain(from: next)
    }

    /// After the close notifications: connection storage, then the AllocMem arena.
    private func releaseConnectionState() {
        moduleContexts.cleanupAll(disconnected: true)
        let failures = arena.release()
        closeGuardFailures = failures
        if !failures.isEmpty {
            pipeline.logger.error("connection from \(info.remoteAddress):\(info.remotePort) closed with \(failures.count) damaged connection-scoped block(s)")
        }
        onClosed?()
        onClosed = nil
    }
}
