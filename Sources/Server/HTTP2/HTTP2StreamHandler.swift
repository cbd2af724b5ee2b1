import NIOCore
import NIOHTTP1
import NIOHTTP2
import Pipeline

/// One HTTP/2 stream, after NIO's `HTTP2FramePayloadToHTTP1ServerCodec`: gathers its request
/// (head and body, within the server's limits) and queues it on the TCP connection's
/// `HTTP2Session`; then writes the response the pipeline produces for it. File bodies are read a
/// chunk at a time while the stream can take more (its flow-control window and outbound buffer),
/// so a download holds one chunk in memory.
///
/// On a site that streams request bodies (the reverse proxy) a request goes to the queue at its
/// first DATA, its body following through a `RequestBodyStream` as on HTTP/1.1; while that is
/// full the stream reads no further frames, so HTTP/2 flow control holds the client back.
final class HTTP2StreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Phase {
        case receiving
        /// Queued on the connection, or being answered.
        case queued
        /// The response (or the server's own answer) is complete.
        case answered
    }

    /// A part of the response waiting behind a file being read.
    private enum Part {
        case body(ByteBuffer)
        case file(ResponseFileReader)
        case end
    }

    private let session: HTTP2Session
    private var context: ChannelHandlerContext?
    private var phase = Phase.receiving
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// The body streams (the request is queued already); `bodyBytes` counts what arrived.
    private var bodyStream: RequestBodyStream?
    private var bodyBytes = 0
    private var streamFull = false
    private var readHeld = false
    private var pending: [Part] = []
    private var suppressBody = false
    /// A response a filter framed itself (WriteClient, SEND_RESPONSE_HEADER), read back from its HTTP/1.1 bytes.
    private var framed: FramedResponseReader?
    private var canTakeMoreWaiter: (() -> Void)?
    private var flushScheduled = false
    private var closed = false

    init(session: HTTP2Session) {
        self.session = session
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        session.streamOpened()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        streamEnded()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        streamEnded()
        context.fireChannelInactive()
    }

    /// The stream closed (answered, reset by the client, or the connection ended): files close,
    /// and a pipeline waiting to write more goes on (its writes now go nowhere).
    private func streamEnded() {
        guard !closed else { return }
        closed = true
        if let bodyStream, !bodyStream.isComplete { bodyStream.fail(.clientGone) }
        bodyStream = nil
        for case .file(let reader) in pending { reader.close() }
        pending.removeAll()
        if let resume = canTakeMoreWaiter {
            canTakeMoreWaiter = nil
            context?.eventLoop.assumeIsolated().execute(resume)
        }
        session.streamClosed()
    }

    // MARK: Request

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let limit = session.limits.maxBodyBytes
        if let bodyStream {
            streamed(unwrapInboundIn(data), into: bodyStream, limit: limit)
            return
        }
        guard phase == .receiving else { return }
        switch unwrapInboundIn(data) {
        case .head(let received):
            if received.method == .CONNECT {
                answer(.connectRefused)
                return
            }
            if let length = received.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                answer(.bodyTooLarge(limit: limit))
                return
            }
            head = received
        case .body(let buffer):
            guard head != nil else { return }
            guard body.count + buffer.readableBytes <= limit else {
                answer(.bodyTooLarge(limit: limit))
                return
            }
            if body.isEmpty, let head, session.streamsRequestBodies(host: head.headers.first(name: "host")) {
                startStreaming(head, first: buffer, limit: limit)
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            phase = .queued
            let request = Self.incoming(head, body: body)
            body = []
            session.enqueue(request, host: head.headers.first(name: "host"), from: self)
        }
    }

    // MARK: Streamed request body

    /// The request goes to the queue now; its body follows (`streamed`).
    private func startStreaming(_ head: HTTPRequestHead, first: ByteBuffer, limit: Int) {
        let declared = head.headers.first(name: "content-length").flatMap(Int.init)
        let stream = RequestBodyStream.wakingUp(
            self, on: context?.eventLoop, capacity: session.limits.maxStreamedBodyBufferBytes,
            declaredLength: declared) { $0.resumeReads() }
        bodyStream = stream
        phase = .queued
        session.enqueue(Self.incoming(head, body: [], bodyStream: stream), host: head.headers.first(name: "host"), from: self)
        streamed(.body(first), into: stream, limit: limit)
    }

    private func streamed(_ part: HTTPServerRequestPart, into stream: RequestBodyStream, limit: Int) {
        switch part {
        case .head:
            return
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            guard bodyBytes <= limit else {
                // The pipeline answers 413 (or the proxy aborts its upstream request).
                stream.fail(.tooLarge(limit: limit))
                bodyStream = nil
                return
            }
            switch stream.append(Array(buffer.readableBytesView)) {
            case .accepted: break
            case .full: streamFull = true
            case .refused: bodyStream = nil
            }
        case .end:
            stream.finish()
            bodyStream = nil
            resumeReads()
        }
    }

    /// No further frames are read while the stream is full: the peer's window is not reopened.
    func read(context: ChannelHandlerContext) {
        if streamFull {
            readHeld = true
        } else {
            context.read()
        }
    }

    private func resumeReads() {
        streamFull = false
        guard readHeld, let context, !closed else { return }
        readHeld = false
        context.read()
    }

    /// The stream's request as the pipeline takes it: HTTP/2 (`SERVER_PROTOCOL` `HTTP/2`), the
    /// `:authority` as `Host` (the codec's doing), `cookie` fields joined into one header as
    /// RFC 9113 section 8.2.3 says a server passing them to an HTTP/1.1 view must. The codec's
    /// `transfer-encoding: chunked` (HTTP/2 has none) gives way to the body's `content-length`.
    static func incoming(_ head: HTTPRequestHead, body: [UInt8], bodyStream: RequestBodyStream? = nil) -> IncomingRequest {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.headers.count + 1)
        var cookies: [String] = []
        var hasLength = false
        for (name, value) in head.headers {
            if name.utf8.count == 6 && HeaderName.equal(name, "cookie") {
                cookies.append(value)
            } else if name.utf8.count == 17 && HeaderName.equal(name, "transfer-encoding") {
                continue
            } else {
                if name.utf8.count == 14 && HeaderName.equal(name, "content-length") { hasLength = true }
                headers.append((name, value))
            }
        }
        if !cookies.isEmpty { headers.append(("cookie", cookies.joined(separator: "; "))) }
        if !hasLength && !body.isEmpty { headers.append(("content-length", String(body.count))) }
        return IncomingRequest(method: head.method.rawValue, target: head.uri, version: .http2, headers: headers, body: body,
                               bodyStream: bodyStream)
    }

    /// The server answers the stream itself (a body over the limit, CONNECT), as on HTTP/1.1 but
    /// without closing the connection: only this stream ends.
    private func answer(_ error: ProtocolError) {
        phase = .answered
        head = nil
        body = []
        session.onProtocolAnswer?(error.status)
        let text = Array((error.message + "\n").utf8)
        var headers = HeaderList([("Content-Type", "text/plain; charset=utf-8")])
        headers.set("Server", "isapi-bridge")
        writeHead(ResponseHead(version: .http2, status: error.status, reason: error.reason, headers: headers,
                               contentLength: text.count, isHead: false, keepAlive: true))
        writeBody(text)
        endResponse()
    }

    /// The connection will not answer this stream's request (it is closing, or the request was
    /// queued behind a response that ended the connection): REFUSED_STREAM, which tells the client
    /// the request did not run and may be retried.
    func refuse() {
        phase = .answered
        guard let context, !closed,
              let codec = try? context.pipeline.syncOperations.context(handlerType: HTTP2FramePayloadToHTTP1ServerCodec.self) else { return }
        codec.writeAndFlush(NIOAny(HTTP2Frame.FramePayload.rstStream(.refusedStream)), promise: nil)
    }

    // MARK: Response

    func writeHead(_ response: ResponseHead) {
        suppressBody = response.isHead || !HTTPResponseSerializer.allowsBody(status: response.status)
        var headers = HTTPHeaders()
        // The response's own list and the pipeline's `Server` (`fields`, `server`): `headers`
        // would build a copy with `Server` in it.
        for (name, value) in response.fields where !Self.isConnectionSpecific(name) {
            headers.add(name: name, value: value)
        }
        if let server = response.server { headers.add(name: "Server", value: server) }
        if !response.fields.contains("Date") { headers.add(name: "date", value: session.resources.date.current) }
        if let length = response.contentLength, HTTPResponseSerializer.allowsBody(status: response.status) {
            headers.replaceOrAdd(name: "content-length", value: String(length))
        }
        emit(.head(HTTPResponseHead(version: .http2, status: HTTPResponseStatus(statusCode: response.status, reasonPhrase: response.reason),
                                    headers: headers)))
    }

    func writeBody(_ bytes: [UInt8]) {
        guard !suppressBody, !bytes.isEmpty, let context else { return }
        let buffer = context.channel.allocator.buffer(bytes: bytes)
        if pending.isEmpty {
            emit(.body(.byteBuffer(buffer)))
        } else {
            pending.append(.body(buffer))
        }
    }

    func writeFile(_ file: ResponseFile) {
        guard !suppressBody, file.length > 0, !closed else { return }
        pending.append(.file(ResponseFileReader(file)))
        pump()
    }

    /// Bytes a filter framed as an HTTP/1.1 response: its head becomes the stream's HEADERS, the
    /// rest the body. A head that cannot be read resets the stream.
    func writeRaw(_ bytes: [UInt8]) {
        if framed == nil { framed = FramedResponseReader(limit: session.limits.maxHeaderBytes) }
        do {
            for part in try framed!.read(bytes) {
                switch part {
                case .head(let head): writeHead(head)
                case .body(let chunk): writeBody(chunk)
                }
            }
        } catch {
            session.logger.warning("an ISAPI filter wrote a response this HTTP/2 stream cannot carry (\(error)); resetting the stream")
            reset()
        }
    }

    func endResponse() {
        phase = .answered
        if framed?.awaitingHead == true {
            session.logger.warning("an ISAPI filter's response ended inside its head; resetting the HTTP/2 stream")
            reset()
            return
        }
        pending.append(.end)
        pump()
    }

    private func reset() {
        pending.removeAll()
        guard let context, !closed,
              let codec = try? context.pipeline.syncOperations.context(handlerType: HTTP2FramePayloadToHTTP1ServerCodec.self) else { return }
        codec.writeAndFlush(NIOAny(HTTP2Frame.FramePayload.rstStream(.internalError)), promise: nil)
    }

    var canTakeMore: Bool {
        guard let context, !closed else { return true }
        return context.channel.isWritable
    }

    func whenCanTakeMore(_ resume: @escaping () -> Void) {
        canTakeMoreWaiter = resume
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            pump()
            if let resume = canTakeMoreWaiter {
                canTakeMoreWaiter = nil
                context.eventLoop.assumeIsolated().execute(resume)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    /// Sends the waiting parts in order; a file a chunk at a time while the stream is writable.
    private func pump() {
        guard let context, !closed else {
            pending.removeAll()
            return
        }
        while let part = pending.first {
            switch part {
            case .body(let buffer):
                emit(.body(.byteBuffer(buffer)))
            case .file(let reader):
                guard context.channel.isWritable else { return }
                if let chunk = reader.next() {
                    emit(.body(.byteBuffer(context.channel.allocator.buffer(bytes: chunk))))
                    continue
                }
                reader.close()
            case .end:
                emit(.end(nil))
            }
            pending.removeFirst()
        }
    }

    private func emit(_ part: HTTPServerResponsePart) {
        guard let context, !closed else { return }
        context.write(wrapOutboundOut(part), promise: nil)
        guard !flushScheduled else { return }
        flushScheduled = true
        // One flush per loop turn: a head, its body and its end go out in one write.
        context.eventLoop.assumeIsolated().execute { [self] in
            flushScheduled = false
            self.context?.flush()
        }
    }

    /// Fields HTTP/2 forbids (RFC 9113 section 8.2.2); their meaning is the connection's.
    static func isConnectionSpecific(_ name: String) -> Bool {
        // By length first, compared without a lower-cased copy of every name.
        switch name.utf8.count {
        case 7: HeaderName.equal(name, "upgrade")
        case 10: HeaderName.equal(name, "connection") || HeaderName.equal(name, "keep-alive")
        case 16: HeaderName.equal(name, "proxy-connection")
        case 17: HeaderName.equal(name, "transfer-encoding")
        default: false
        }
    }
}
