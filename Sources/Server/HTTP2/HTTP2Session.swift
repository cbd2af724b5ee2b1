import Logging
import NIOCore
import NIOHTTP2
import Pipeline

/// One HTTP/2 connection as the pipeline sees it: the TCP connection has ONE `PipelineConnection`
/// (connection AllocMem arena, `pFilterContext`, module connection storage, END_OF_NET_SESSION
/// once when the TCP connection ends), and each stream's request is queued on it when the stream's
/// request is complete. The pipeline runs a connection's requests one after another, so the
/// streams of one connection go through filters and modules one at a time, in the order their
/// requests completed, as IIS's filter contract needs for connection state; their responses are
/// then sent concurrently, each at the pace its stream's flow control allows.
///
/// As the connection's `ResponseSink`, the session hands each response to the stream whose
/// request it answers (`answering`, oldest first). It sits between TLS (or the socket) and
/// NIO's HTTP/2 handler, where it sees every read (for the idle checks) and the channel's end.
final class HTTP2Session: ChannelInboundHandler, ResponseSink {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let sites: SiteSelection
    let resources: LoopResources
    let limits: ServerLimits
    let timeouts: ConnectionTimeouts
    let logger: Logger
    let onProtocolAnswer: (@Sendable (Int) -> Void)?
    let secure: Bool
    let tlsSession: TLSSessionInfo?

    private(set) var connection: PipelineConnection?
    /// An h2c connection's pipeline connection, opened by the HTTP/1.1 handler before the preface.
    private var adopted: PipelineConnection?
    private var context: ChannelHandlerContext?
    /// Streams whose requests are queued on `connection`, oldest first: the first one's response
    /// is the one being produced.
    private var answering: [HTTP2StreamHandler] = []
    private(set) var openStreams = 0
    private var ended = false
    /// No further request is taken: the connection closes once its open streams are done.
    private var closing = false
    private var readSinceCheck = false
    private var quietChecks = 0
    private var idleTimer: Scheduled<Void>?

    init(sites: SiteSelection, resources: LoopResources, limits: ServerLimits, timeouts: ConnectionTimeouts, logger: Logger,
         onProtocolAnswer: (@Sendable (Int) -> Void)?, secure: Bool, tlsSession: TLSSessionInfo?, adopting: PipelineConnection? = nil) {
        self.sites = sites
        self.resources = resources
        self.limits = limits
        self.timeouts = timeouts
        self.logger = logger
        self.onProtocolAnswer = onProtocolAnswer
        self.secure = secure
        self.tlsSession = tlsSession
        self.adopted = adopting
    }

    // MARK: Channel

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if let adopted {
            self.adopted = nil
            adopted.serve(self, resources: resources) { [weak self] in self?.requestCompleted($0) }
            connection = adopted
        } else if case .single(let pipeline) = sites {
            open(pipeline)
        }
        scheduleIdleCheck()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        end()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readSinceCheck = true
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        end()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            finish()
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func open(_ pipeline: RequestPipeline) {
        guard connection == nil, !ended, let context else { return }
        let channel = context.channel
        let info = ConnectionInfo(
            remoteAddress: channel.remoteAddress?.ipAddress ?? "", remotePort: channel.remoteAddress?.port ?? 0,
            localAddress: channel.localAddress?.ipAddress ?? "", localPort: channel.localAddress?.port ?? 0,
            isSecure: secure, tls: tlsSession)
        connection = PipelineConnection.serving(pipeline, info: info, resources: resources, sink: self) { [weak self] in
            self?.requestCompleted($0)
        }
    }

    /// The TCP connection is gone: the pipeline connection closes, once (END_OF_NET_SESSION).
    private func end() {
        guard !ended else { return }
        ended = true
        idleTimer?.cancel()
        idleTimer = nil
        answering.removeAll()
        adopted?.closeServing(resources)
        adopted = nil
        guard let connection else { return }
        self.connection = nil
        connection.closeServing(resources)
    }

    // MARK: Streams

    func streamOpened() {
        openStreams += 1
    }

    func streamClosed() {
        openStreams -= 1
        closeIfDone()
    }

    /// Whether the site of a request to `host` streams request bodies (it opens the connection on
    /// a listener shared by sites, as `enqueue` would).
    func streamsRequestBodies(host: String?) -> Bool {
        guard !ended, !closing else { return false }
        if connection == nil, case .byHost(let routing) = sites { open(routing.pipeline(forHost: host)) }
        return connection?.pipeline.streamsRequestBodies ?? false
    }

    /// A stream's request arrived whole (or its head, with a body that streams): it joins the connection's queue.
    func enqueue(_ request: IncomingRequest, host: String?, from stream: HTTP2StreamHandler) {
        guard !ended, !closing else {
            stream.refuse()
            return
        }
        if connection == nil, case .byHost(let routing) = sites { open(routing.pipeline(forHost: host)) }
        guard let connection else {
            stream.refuse()
            return
        }
        answering.append(stream)
        connection.enqueue(request)
    }

    /// Takes no further request: a GOAWAY tells the client, and the connection closes once the
    /// streams being answered are done (shutdown, or a response that must end the connection).
    func finish() {
        guard !closing, !ended, let context else { return }
        closing = true
        let goAway = HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: .maxID, errorCode: .noError, opaqueData: nil))
        context.channel.writeAndFlush(goAway, promise: nil)
        closeIfDone()
    }

    private func closeIfDone() {
        guard closing, openStreams <= 0, answering.isEmpty, let context else { return }
        context.channel.close(promise: nil)
    }

    /// After each completed request, as on HTTP/1.1: a response that decided the connection must
    /// not be reused (a cap reached, a filter's disconnect) ends it; the requests queued behind it
    /// never ran and their streams are refused, so the client may retry them.
    private func requestCompleted(_ completed: HttpContext) {
        guard let connection else { return }
        if !completed.request.wantsKeepAlive || completed.response.needsDisconnect || connection.closeAfterCurrentResponse {
            refuseQueued()
        }
    }

    private func refuseQueued() {
        let queued = answering
        answering.removeAll()
        for stream in queued { stream.refuse() }
        finish()
    }

    // MARK: Idle checks

    /// No stream open and nothing read for the idle timeout closes the connection; streams open
    /// while nothing is read and nothing is owed to them (a request that stopped arriving) close
    /// it after the slow-client timeout.
    private func scheduleIdleCheck() {
        guard let context, !ended else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeouts.checkInterval) { [weak self] in
            self?.checkIdle()
        }
    }

    private func checkIdle() {
        guard let context, !ended else { return }
        defer { scheduleIdleCheck() }
        if readSinceCheck || !answering.isEmpty {
            readSinceCheck = false
            quietChecks = 0
            return
        }
        quietChecks += 1
        let quietFor = timeouts.checkInterval * quietChecks
        if quietFor >= (openStreams > 0 ? timeouts.slowClient : timeouts.idle) {
            logger.debug("closing an idle HTTP/2 connection (\(openStreams) stream(s) open, nothing read for \(quietFor))")
            context.close(promise: nil)
        }
    }

    // MARK: ResponseSink

    func writeHead(_ head: ResponseHead) {
        answering.first?.writeHead(head)
    }

    func writeBody(_ bytes: [UInt8]) {
        answering.first?.writeBody(bytes)
    }

    func writeFile(_ file: ResponseFile) {
        answering.first?.writeFile(file)
    }

    func writeRaw(_ bytes: [UInt8]) {
        answering.first?.writeRaw(bytes)
    }

    func endResponse(keepAlive: Bool) {
        guard !answering.isEmpty else { return }
        answering.removeFirst().endResponse()
        if !keepAlive { refuseQueued() }
        closeIfDone()
    }

    func requestRejected(status: Int) {
        onProtocolAnswer?(status)
    }

    var canTakeMore: Bool {
        guard !ended else { return false }
        return answering.first?.canTakeMore ?? true
    }

    func whenCanTakeMore(_ resume: @escaping () -> Void) {
        if let stream = answering.first {
            stream.whenCanTakeMore(resume)
        } else if let context {
            context.eventLoop.assumeIsolated().execute(resume)
        }
    }
}
