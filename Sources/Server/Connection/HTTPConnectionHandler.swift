import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS
import Pipeline

/// One TCP connection: turns NIO's parsed request parts into `IncomingRequest`s for its
/// `PipelineConnection`, and, as that connection's `ResponseSink`, its responses into bytes.
///
/// Everything runs on the channel's event loop, synchronously: a request read from the socket
/// goes through the whole pipeline inside `channelRead`, and its response is written before
/// `channelReadComplete` asks for a flush at the end of the loop turn (`FlushBatch`); unless the
/// client is not taking responses, when it waits in `held` (`ConnectionLifecycle.requestComplete`).
/// The connection's `close()` runs exactly once, in `channelInactive`, however the channel ended.
final class HTTPConnectionHandler: ChannelDuplexHandler, ResponseSink, IdleSweeper.Member, FlushBatch.Member {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let sites: SiteSelection
    let resources: LoopResources
    let limits: ServerLimits
    let timeouts: ConnectionTimeouts
    let logger: Logger
    /// Told the status of each answer the server gives itself (400, 408, 413, 431, 505...), for metrics.
    let onProtocolAnswer: (@Sendable (Int) -> Void)?

    var context: ChannelHandlerContext?
    var connection: PipelineConnection?
    /// Raw bytes held until the first request head is complete, on a listener shared by sites
    /// whose READ_RAW_DATA filters must know the site first.
    var heldHead: [UInt8] = []
    var ended = false
    /// The listener speaks TLS (`fIsSecurePort`, `HTTPS`).
    let secure: Bool
    /// The certificate the client hello chose, then what the handshake negotiated.
    var tlsSite: ListenerTLS.Site?
    var tlsSession: TLSSessionInfo?

    /// Reading, keep-alive, pipelining and closing decisions.
    var lifecycle: ConnectionLifecycle

    // Receiving.
    /// The request whose body is arriving.
    var receiving: ReceivingRequest?
    /// Requests that arrived while the client was not taking responses (`lifecycle.requestsHeld`).
    var held: [ReceivingRequest] = []
    var partsThisRead = 0
    var inRead = false
    var quietChecks = 0
    /// The loop's idle checks (`quiet()`), and this connection's place in them.
    let sweeper: IdleSweeper
    var sweepIndex = -1
    var lastReadTick: UInt64 = 0
    /// Response bytes the client had not taken at the last check, and checks since that changed.
    var unsentAtLastCheck = 0
    var stalledChecks = 0
    /// The head deadline and body rate of the request arriving now, and the timer that checks them.
    var arrival = ArrivalClock()
    var arrivalTimer: Scheduled<Void>?
    /// The streamed body's buffer is full: reading waits for its consumer (`bodyReadHeld` when a read was asked for).
    var bodyStreamFull = false
    var bodyReadHeld = false
    // Sending.
    var outgoing: OutgoingResponse
    var flushScheduled = false
    /// Bytes were written to the channel and not flushed yet.
    var unflushed = false
    /// The pipeline's output paused until the client takes more (`whenCanTakeMore`).
    var canTakeMoreWaiter: (() -> Void)?

    // Ending.
    var lingerTimer: Scheduled<Void>?

    init(sites: SiteSelection, resources: LoopResources, limits: ServerLimits, timeouts: ConnectionTimeouts,
         logger: Logger, onProtocolAnswer: (@Sendable (Int) -> Void)? = nil, secure: Bool = false) {
        self.onProtocolAnswer = onProtocolAnswer
        self.secure = secure
        self.lifecycle = ConnectionLifecycle(maxPipelinedRequests: limits.maxPipelinedRequests)
        self.sites = sites
        self.resources = resources
        self.limits = limits
        self.timeouts = timeouts
        self.logger = logger
        self.outgoing = OutgoingResponse(bytes: ByteBuffer())
        self.sweeper = resources.idleSweeper(checkInterval: timeouts.checkInterval)
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // The channel turns unwritable past the bound (`channelWritabilityChanged` pauses the
        // connection) and writable again once the client took half of it.
        let bound = limits.maxUnsentResponseBytes
        try? context.channel.syncOptions?.setOption(.writeBufferWaterMark, value: .init(low: bound / 2, high: bound))
        lastReadTick = sweeper.tick
        sweeper.add(self)
        if context.channel.isActive { open(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        end()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        open(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        end()
        context.fireChannelInactive()
    }

    func open(_ context: ChannelHandlerContext) {
        // A listener shared by sites opens the connection at its first request (see SiteSelection).
        guard case .single(let pipeline) = sites else { return }
        open(context, pipeline: pipeline)
    }

    func open(_ context: ChannelHandlerContext, pipeline: RequestPipeline) {
        guard connection == nil, !ended else { return }
        let info = ConnectionInfo(
            remoteAddress: context.channel.remoteAddress?.ipAddress ?? "", remotePort: context.channel.remoteAddress?.port ?? 0,
            localAddress: context.channel.localAddress?.ipAddress ?? "", localPort: context.channel.localAddress?.port ?? 0,
            isSecure: secure, tls: tlsSession)
        let connection = PipelineConnection.serving(pipeline, info: info, resources: resources, sink: self) { [weak self] completed in
            self?.requestCompleted(completed)
        }
        self.connection = connection
        readOneBufferPerEvent(context, for: pipeline)
    }

    /// The channel is gone: the pipeline connection closes, once. A request still PENDING keeps it
    /// alive (in `lingering`) until that request completes.
    func end() {
        guard !ended else { return }
        ended = true
        sweeper.remove(self)
        held.removeAll()
        receiving?.stream?.fail(.clientGone)
        receiving = nil
        canTakeMoreWaiter = nil
        stopArrivalTimer()
        lingerTimer?.cancel()
        lingerTimer = nil
        guard let connection else { return }
        self.connection = nil
        connection.closeServing(resources)
    }

    /// h2c with prior knowledge: the HTTP/2 session takes over this handler's pipeline connection
    /// (opened already when the listener has one site) before the handler leaves the channel.
    func handOver() -> PipelineConnection? {
        let connection = self.connection
        self.connection = nil
        end()
        return connection
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inRead = true
        partsThisRead += 1
        guard lifecycle.acceptsRequests else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            begin(head)
        case .body(let buffer):
            guard receiving != nil else { return }
            receiving!.received += buffer.readableBytes
            if receiving!.received > limits.maxBodyBytes {
                refuse(.bodyTooLarge(limit: limits.maxBodyBytes))
                return
            }
            arrival.bodyBytesArrived(buffer.readableBytes)
            if let stream = receiving!.stream {
                streamed(Array(buffer.readableBytesView), into: stream)
            } else {
                receiving!.body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            guard let request = receiving else { return }
            receiving = nil
            lifecycle.requestReceived()
            arrival.requestComplete()
            if let stream = request.stream {
                // Dispatched at its head already.
                stream.finish()
                resumeBodyReads()
                return
            }
            switch lifecycle.requestComplete(upgrade: Self.isUpgrade(request.head)) {
            case .now: dispatch(request)
            case .hold: held.append(request)
            }
        }
    }

    func begin(_ head: HTTPRequestHead) {
        lifecycle.headArrived()
        guard head.version.major == 1 else {
            refuse(.versionNotSupported("HTTP/\(head.version.major).\(head.version.minor)"))
            return
        }
        if head.method == .CONNECT {
            refuse(.connectRefused)
            return
        }
        let hosts = head.headers["host"]
        if hosts.count > 1 {
            refuse(.badHost("the request has \(hosts.count) Host headers"))
            return
        }
        if hosts.isEmpty && head.version.minor >= 1 {
            refuse(.badHost("the HTTP/1.1 request has no Host header"))
            return
        }
        var expected = 0
        if let length = head.headers.first(name: "content-length") {
            guard let value = Int(length), value >= 0 else {
                refuse(.malformed("Content-Length '\(length)' is not a number"))
                return
            }
            guard value <= limits.maxBodyBytes else {
                refuse(.bodyTooLarge(limit: limits.maxBodyBytes))
                return
            }
            expected = value
        }
        let chunked = head.headers["transfer-encoding"].contains { $0.lowercased().contains("chunked") }
        arrival.headComplete(expectingBody: expected > 0 || chunked, at: .now())
        var request = ReceivingRequest(head: head)
        let streams = (expected > 0 || chunked) && mayStreamBody(of: head)
        if expected > 0 {
            if !streams { request.body.reserveCapacity(expected) }
            if lifecycle.responsesOwed == 0, head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                outgoing.bytes.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
            }
        }
        if streams {
            request.stream = makeBodyStream(declaredLength: chunked ? nil : expected)
            receiving = request
            _ = lifecycle.requestComplete(upgrade: false)  // nothing is held or backlogged: it goes now
            dispatch(request)
            return
        }
        receiving = request
    }

    func dispatch(_ received: ReceivingRequest) {
        let head = received.head
        // An absolute-form target names the host; Host is then ignored (RFC 9112 section 3.2.2).
        let authority = RequestTarget.authority(head.uri)
        guard let connection = openConnection(for: head) else { return }
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.headers.count + 1)
        for (name, value) in head.headers {
            if authority != nil && name.utf8.count == 4 && HeaderName.equal(name, "host") { continue }
            headers.append((name, value))
        }
        if let authority { headers.append(("Host", authority)) }
        connection.enqueue(IncomingRequest(
            method: head.method.rawValue, target: RequestTarget.originForm(head.uri),
            version: HTTPVersion(major: head.version.major, minor: head.version.minor),
            headers: headers, body: received.body, bodyStream: received.stream))
    }

    /// The connection's pipeline connection, opened at the first request on a listener shared by
    /// sites (which site is known from the request's host).
    func openConnection(for head: HTTPRequestHead) -> PipelineConnection? {
        if connection == nil, case .byHost(let routing) = sites, let context {
            let authority = RequestTarget.authority(head.uri)
            open(context, pipeline: routing.pipeline(forHost: authority ?? head.headers.first(name: "host")))
        }
        return connection
    }

    /// The parser stops after an upgrade request; it is answered, then the connection closes.
    static func isUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers.contains(name: "upgrade") && head.headers[canonicalForm: "connection"].contains {
            $0.lowercased() == "upgrade"
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if partsThisRead == 0 && receiving == nil && lifecycle.acceptsRequests {
            lifecycle.bytesWithoutRequest()
            arrival.headBytesArrived(at: .now())
        }
        if arrival.inProgress && lifecycle.acceptsRequests { startArrivalTimer(context) } else { stopArrivalTimer() }
        partsThisRead = 0
        quietChecks = 0
        lastReadTick = sweeper.tick
        inRead = false
        if unflushed || outgoing.bytes.readableBytes > 0 { scheduleFlush() }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if receiving?.stream != nil {
            // A streamed body is read as fast as its consumer takes it (HTTPConnectionHandler+Streaming.swift).
            if bodyStreamFull { bodyReadHeld = true } else { context.read() }
            return
        }
        if lifecycle.mayRead() { context.read() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Not `connection != nil`: on a listener shared by sites the connection opens at the first
        // request head, and a malformed first request still deserves its 400.
        guard !ended else { return }
        if let parseError = error as? HTTPParserError {
            guard lifecycle.acceptsRequests else { return }
            if case .headerOverflow = parseError {
                refuse(.headersTooLarge(limit: limits.maxHeaderBytes))
            } else if case .invalidMethod = parseError {
                refuse(.methodNotImplemented)
            } else {
                refuse(.malformed(String(describing: parseError)))
            }
        } else if error is ByteToMessageDecoderError {
            // More bytes after a parse error: already answered, being discarded.
            if lifecycle.acceptsRequests { refuse(.malformed("unparseable input")) }
        } else {
            logger.debug("connection error: \(error)")
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            handshakeCompleted(context)
            context.fireUserInboundEventTriggered(event)
        } else if event is ChannelShouldQuiesceEvent {
            quiesce()
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Nothing was read for a whole number of check intervals (`IdleSweeper`).
    func quiet() {
        guard let context, !ended else { return }
        if lifecycle.isClosing {
            _ = writesStalled(context)  // the last response may still be on its way
            return
        }
        quietChecks += 1
        guard !lifecycle.producingResponses else { return }  // the server is busy, not the client
        if writesStalled(context) { return }
        guard lifecycle.responsesOwed == 0 else { return }  // held requests wait for the client
        let quietFor = timeouts.checkInterval * quietChecks
        if lifecycle.input != .idle {
            if quietFor >= timeouts.slowClient {
                logger.debug("closing a connection whose request stalled for \(quietFor)")
                refuse(.requestTimeout)
            }
        } else if quietFor >= timeouts.idle {
            lifecycle.idleTimeout()
            context.close(promise: nil)
        }
    }

    /// A client still taking a response is not idle: it keeps the connection while it makes
    /// progress, and loses it when it takes nothing for the slow-client timeout. True while
    /// response bytes are waiting for the client.
    func writesStalled(_ context: ChannelHandlerContext) -> Bool {
        let unsent = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        defer { unsentAtLastCheck = unsent }
        guard unsent > 0 else {
            stalledChecks = 0
            return false
        }
        stalledChecks = unsent == unsentAtLastCheck ? stalledChecks + 1 : 0
        if timeouts.checkInterval * stalledChecks >= timeouts.slowClient {
            logger.debug("closing a connection whose client took no response bytes for \(timeouts.slowClient)")
            context.close(promise: nil)
        }
        return true
    }

    /// Shutdown: no new connections; this one finishes what it has and closes.
    func quiesce() {
        if lifecycle.quiesce(), let context { context.close(promise: nil) }
    }

    /// Answers `error` once the responses owed before it are out, then closes.
    func refuse(_ error: ProtocolError) {
        if let stream = receiving?.stream {
            // The request is in the pipeline already: it answers (413 from the proxy, or a cut-off
            // response), and the connection closes after it.
            receiving = nil
            stopArrivalTimer()
            onProtocolAnswer?(error.status)
            switch error.status {
            case 413: stream.fail(.tooLarge(limit: limits.maxBodyBytes))
            case 408: stream.fail(.timedOut)
            default: stream.fail(.clientGone)
            }
            resumeBodyReads()
            lifecycle.stopReading()
            return
        }
        receiving = nil
        stopArrivalTimer()
        switch lifecycle.refuse(error) {
        case .ignored:
            return
        case .answerNow:
            onProtocolAnswer?(error.status)
            error.write(date: resources.date.current, into: &outgoing.bytes)
            closeAfterWriting()
        case .deferred:
            onProtocolAnswer?(error.status)
        }
    }
}
