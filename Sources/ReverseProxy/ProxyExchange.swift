import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Pipeline

/// One forwarded request: its upstream connection on an event loop (the loop side) and the
/// client's request, PENDING in the pipeline, on the connection's executor (the client side).
/// Every event crosses with a hop (`loop.execute` / `executor.execute`); each field below is
/// touched on one side only, which is what makes the `@unchecked Sendable` sound.
///
/// The response streams: the head is flushed through the pipeline as it arrives (SEND_RESPONSE
/// sees the upstream's headers), each body part is written and flushed (SEND_RAW_DATA sees the
/// bytes), and the next part is read from the upstream only once the client's sink can take more.
///
/// A request body still arriving (`RequestBodyStream`) streams the other way: the client side
/// takes the parts that arrived (`pullBody`), the loop side writes them and asks for more only
/// while the upstream connection is writable (`writeBody`, `upstreamWritable`), so neither side
/// holds more than the stream's bound plus the channel's write buffer.
final class ProxyExchange: @unchecked Sendable {
    // Set once, read on both sides.
    private let proxy: ReverseProxy
    private let executor: any ConnectionExecutor
    private let loop: any EventLoop
    private let farm: WebFarm?
    private let target: UpstreamURL
    private let preserveHost: Bool
    /// The body read whole before the exchange (nil when none, or when it streams).
    private let requestBody: ByteBuffer?
    /// The body streams: parts are written as the client sends them.
    private let streamsBody: Bool
    /// The body's length for the upstream; nil: streamed, of unknown length (sent chunked).
    private let bodyLength: Int?
    private let clientOrigin: String
    private let reverseMappings: [ReverseMapping]
    /// What the upstream request is made from (again for a farm's next server).
    private let clientHeaders: HeaderList
    private let method: String
    private let connectionInfo: ConnectionInfo

    // Changed on the loop side before the response starts (a farm's next server after a
    // connection failure); read by the client side only after the hop that follows.
    private var address: UpstreamAddress
    private var requestHead: HTTPRequestHead
    private var upstreamOrigins: [String] = []
    private var description: String = ""
    private var triedServers: Set<UpstreamAddress> = []

    // Client side (the connection's executor).
    private let context: HttpContext
    private let completion: CompletionHandle
    private var clientDone = false
    /// Body parts written to the client and not yet acknowledged to the loop side.
    private var unacknowledgedParts = 0
    /// A `whenCanTakeMore` wait is registered (the sink keeps one waiter: register it once).
    private var waitingForSink = false

    // Loop side (`loop`).
    private var channel: (any Channel)?
    private var handler: UpstreamChannelHandler?
    private var timer: Scheduled<Void>?
    private var reusedConnection = false
    private var retried = false
    private var responseStarted = false
    private var keepAlive = true
    private var loopDone = false
    /// Streamed body parts were taken from the client (the request cannot be sent again).
    private var bodyTaken = false
    /// The whole request, body included, went to the upstream.
    private var requestSent = false
    /// A streamed body waits for the upstream connection to become writable.
    private var waitingForWritable = false

    init(proxy: ReverseProxy, context: HttpContext, loop: any EventLoop, address: UpstreamAddress, farm: WebFarm?,
         target: UpstreamURL, reverseMappings: [ReverseMapping], preserveHost: Bool) {
        self.proxy = proxy
        self.context = context
        self.executor = context.executor
        self.completion = context.makeCompletionHandle()
        self.loop = loop
        self.address = address
        self.farm = farm
        self.target = target
        self.preserveHost = preserveHost
        self.reverseMappings = reverseMappings
        let request = context.request
        if let stream = request.bodyStream, !stream.isTaken || stream.isStreaming {
            streamsBody = true
            requestBody = nil
            bodyLength = stream.declaredLength.map { $0 + request.remainingEntityBytes }
        } else {
            let body = context.readEntityBody(maxBytes: request.remainingEntityBytes)
            streamsBody = false
            requestBody = body.isEmpty ? nil : ByteBuffer(bytes: body)
            bodyLength = body.count
        }
        clientHeaders = request.headers
        method = request.method
        connectionInfo = context.connection.info
        let info = connectionInfo
        clientOrigin = (info.isSecure ? "https://" : "http://") + (request.headers["Host"] ?? info.localAuthority)
        requestHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
        use(address)
    }

    /// Prepares the request for `server` (its `Host` when the client's is not kept, its origin
    /// for mapping `Location` back).
    private func use(_ server: UpstreamAddress) {
        address = server
        triedServers.insert(server)
        requestHead = UpstreamRequestHead.make(method: method, target: target.pathAndQuery, headers: clientHeaders,
                                               upstream: server, upstreamDefaultPort: target.defaultPort, connection: connectionInfo,
                                               bodyLength: bodyLength, preserveHost: preserveHost,
                                               settings: proxy.settings)
        let scheme = target.scheme
        upstreamOrigins = [scheme + target.authority, scheme + server.description,
                           scheme + UpstreamRequestHead.hostValue(server, defaultPort: target.defaultPort)]
        description = farm.map { "upstream \(server) of web farm '\($0.name)'" } ?? "upstream \(server)"
    }

    /// Starts the exchange; the caller returns PENDING.
    func start() {
        context.whenDisconnected { [self] in clientGone() }
        loop.execute { [self] in connect(fresh: false) }
    }

    // MARK: loop side

    private func connect(fresh: Bool) {
        let acquired: EventLoopFuture<(channel: any Channel, reused: Bool)>
        if fresh {
            acquired = proxy.pool.connect(address, secure: target.secure, on: loop).map { (channel: $0, reused: false) }
        } else {
            acquired = proxy.pool.acquire(address, secure: target.secure, on: loop)
        }
        acquired.hop(to: loop).whenComplete { [self] result in
            switch result {
            case .success(let connection):
                guard !loopDone else {
                    proxy.pool.release(connection.channel, address: address, secure: target.secure)
                    return
                }
                send(on: connection.channel, reused: connection.reused)
            case .failure(let error):
                let failure = Self.connectFailure(error)
                // Nothing was sent: a web farm's next server that is not marked down takes the request.
                if let farm {
                    farm.markFailed(address)
                    proxy.logger.warning("reverse proxy: \(description): \(failure); trying the farm's next server")
                    let next = farm.pick()
                    if !triedServers.contains(next) && !farm.isMarkedDown(next) {
                        use(next)
                        return connect(fresh: false)
                    }
                }
                fail(failure)
            }
        }
    }

    private func send(on channel: any Channel, reused: Bool) {
        guard let handler = try? channel.pipeline.syncOperations.handler(type: UpstreamChannelHandler.self) else {
            channel.close(promise: nil)
            return fail(.upstreamBroke("the connection has no proxy handler"))
        }
        self.channel = channel
        self.handler = handler
        reusedConnection = reused
        handler.begin(self)
        channel.write(HTTPClientRequestPart.head(requestHead), promise: nil)
        if streamsBody {
            channel.flush()
            executor.execute { [self] in context.whenUnparked { [self] in pullBody() } }
            return
        }
        if let requestBody { channel.write(HTTPClientRequestPart.body(.byteBuffer(requestBody)), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        requestSent = true
        armTimer()
    }

    /// Streamed body parts the client side took: written; more are asked for while the upstream
    /// takes them, else once it is writable again (meanwhile the response timeout runs).
    private func writeBody(_ parts: [[UInt8]], ended: Bool) {
        guard !loopDone, !requestSent, let channel else { return }
        for part in parts where !part.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: part))), promise: nil)
        }
        if ended {
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            requestSent = true
            if !responseStarted { armTimer() }
            return
        }
        channel.flush()
        if channel.isWritable {
            askForBody()
        } else {
            waitingForWritable = true
            armTimer()
        }
    }

    /// The upstream connection took enough of what was written (`UpstreamChannelHandler`).
    func upstreamWritable() {
        guard waitingForWritable, !loopDone else { return }
        waitingForWritable = false
        if !responseStarted { disarmTimer() }
        askForBody()
    }

    private func askForBody() {
        executor.execute { [self] in context.whenUnparked { [self] in pullBody() } }
    }

    /// The client's body did not arrive whole: the upstream request is aborted.
    private func bodyFailed(_ failure: RequestBodyStream.Failure) {
        guard !loopDone else { return }
        abandonConnection()
        fail(.requestBodyIncomplete(failure))
    }

    /// The response timeout: for the head, then for each body read the proxy waits for.
    private func armTimer() {
        timer?.cancel()
        timer = loop.scheduleTask(in: TimeAmount(proxy.settings.responseTimeout)) { [self] in
            timer = nil
            guard !loopDone else { return }
            abandonConnection()
            fail(.responseTimedOut)
        }
    }

    private func disarmTimer() {
        timer?.cancel()
        timer = nil
    }

    /// A response part from the upstream (`UpstreamChannelHandler`).
    func received(_ part: HTTPClientResponsePart) {
        guard !loopDone else { return }
        switch part {
        case .head(let head):
            // Interim answers (100 Continue, 103) are not relayed: the client's body is already here.
            if (100..<200).contains(Int(head.status.code)) && head.status.code != 101 { return }
            responseStarted = true
            keepAlive = head.isKeepAlive
            armTimer()
            executor.execute { [self] in context.whenUnparked { [self] in clientHead(head) } }
        case .body(let buffer):
            guard responseStarted else { return }
            disarmTimer()
            executor.execute { [self] in context.whenUnparked { [self] in clientBody(buffer) } }
        case .end:
            guard responseStarted else { return }
            loopDone = true
            disarmTimer()
            if let farm { farm.markHealthy(address) }
            handler?.finishExchange()
            if let channel {
                // An answer before the whole body went up leaves the connection mid-request.
                if keepAlive && requestSent { proxy.pool.release(channel, address: address, secure: target.secure) } else { channel.close(promise: nil) }
            }
            channel = nil
            executor.execute { [self] in context.whenUnparked { [self] in clientEnd() } }
        }
    }

    /// The connection closed or failed before the response ended.
    func connectionLost(_ error: (any Error)?) {
        guard !loopDone else { return }
        disarmTimer()
        channel = nil
        // An idle connection the upstream closed just as it was reused: once more on a new one.
        if reusedConnection && !responseStarted && !retried && !bodyTaken {
            retried = true
            return connect(fresh: true)
        }
        if let error, error is NIOSSLError || error is BoringSSLError {
            return fail(.tlsFailed("\(error)"))
        }
        fail(.upstreamBroke(error.map { "\($0)" } ?? "connection closed"))
    }

    private func fail(_ failure: ProxyFailure) {
        guard !loopDone else { return }
        loopDone = true
        disarmTimer()
        if failure.marksServerDown { farm?.markFailed(address) }
        executor.execute { [self] in context.whenUnparked { [self] in clientFailed(failure) } }
    }

    /// Closes the upstream connection without giving it back (its response is incomplete).
    private func abandonConnection() {
        handler?.exchange = nil
        channel?.close(promise: nil)
        channel = nil
    }

    /// The client took `count` body parts: read on.
    private func acknowledged(_ count: Int) {
        guard !loopDone else { return }
        armTimer()
        for _ in 0..<count { handler?.acknowledge() }
    }

    static func connectFailure(_ error: any Error) -> ProxyFailure {
        if let unavailable = error as? UpstreamTLSUnavailable { return .tlsFailed(unavailable.description) }
        if isConnectTimeout(error) { return .connectTimedOut }
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.contains(where: { isConnectTimeout($0.error) }) { return .connectTimedOut }
            if let first = connection.connectionErrors.first { return .connectFailed("\(first.error)") }
            if let dns = connection.dnsAAAAError ?? connection.dnsAError { return .connectFailed("name not resolved: \(dns)") }
        }
        return .connectFailed("\(error)")
    }

    private static func isConnectTimeout(_ error: any Error) -> Bool {
        guard let channelError = error as? ChannelError, case .connectTimeout = channelError else { return false }
        return true
    }

    // MARK: client side

    /// Takes the streamed body's parts that arrived and hands them to the loop side; with none
    /// there yet, the stream calls back when some arrive.
    private func pullBody() {
        guard !clientDone else { return }
        let taken = context.takeEntityBodyParts { [self] in
            executor.execute { [self] in context.whenUnparked { [self] in pullBody() } }
        }
        switch taken {
        case .failed(let failure):
            loop.execute { [self] in bodyFailed(failure) }
        case .parts(let parts, let ended):
            guard !parts.isEmpty || ended else { return }
            loop.execute { [self] in
                bodyTaken = true
                writeBody(parts, ended: ended)
            }
        }
    }

    private func clientHead(_ head: HTTPResponseHead) {
        guard !clientDone else { return }
        let response = context.response
        response.clear()
        response.setStatus(Int(head.status.code), reason: head.status.reasonPhrase)
        response.headers = ResponseHeaderMapping.clientHeaders(
            from: head.headers, upstreamOrigins: upstreamOrigins, clientOrigin: clientOrigin,
            reverseMappings: reverseMappings, viaName: proxy.settings.viaName)
        response.flush()
    }

    private func clientBody(_ buffer: ByteBuffer) {
        guard !clientDone else { return }
        let response = context.response
        response.write(Array(buffer.readableBytesView))
        response.flush()
        unacknowledgedParts += 1
        guard !waitingForSink else { return }
        if let sink = context.connection.sink, context.connection.isConnected, !sink.canTakeMore {
            waitingForSink = true
            sink.whenCanTakeMore { [self] in
                waitingForSink = false
                acknowledgeParts()
            }
        } else {
            acknowledgeParts()
        }
    }

    /// Tells the loop side the client took every part written so far.
    private func acknowledgeParts() {
        guard !clientDone, unacknowledgedParts > 0 else { return }
        let count = unacknowledgedParts
        unacknowledgedParts = 0
        loop.execute { [self] in acknowledged(count) }
    }

    private func clientEnd() {
        finish()
    }

    private func clientFailed(_ failure: ProxyFailure) {
        guard !clientDone else { return }
        proxy.logger.error("reverse proxy: \(context.request.method) \(context.request.target) -> \(description) (\(requestHead.uri)): \(failure); answering \(context.response.headersSent ? "with a cut-off response" : String(failure.status))",
                           metadata: ["request": "\(context.requestID)"])
        let response = context.response
        if response.headersSent {
            response.needsDisconnect = true
        } else {
            response.clear()
            response.setStatus(failure.status)
            response.headers.set("Content-Type", "text/plain; charset=utf-8")
            if case .requestBodyIncomplete = failure {
                response.write("\(failure.status) \(response.reason): \(failure).\n")
            } else {
                response.write("\(failure.status) \(response.reason): the upstream server \(failure.status == 504 ? "did not answer in time" : "could not be reached or broke the response").\n")
            }
        }
        finish()
    }

    /// The client went away while the request was in flight: stop reading the upstream.
    private func clientGone() {
        guard !clientDone else { return }
        loop.execute { [self] in
            guard !loopDone else { return }
            loopDone = true
            disarmTimer()
            abandonConnection()
        }
        finish()
    }

    private func finish() {
        guard !clientDone else { return }
        clientDone = true
        context.whenDisconnected {}
        context.setRequestHandled()
        completion.indicateCompletion(.continue)
    }
}
