import Glibc
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A small HTTP/1.1 upstream on an ephemeral loopback port, started by a test:
/// * `/echo...`: 200 with the request as text (method, URI, headers), or with the request body
///   itself when there is one (`X-Received-Length` says how long it was);
/// * `/chunked`: a chunked answer of four parts;
/// * `/large/N`: N bytes (`byte i = i % 251`), written as fast as the proxy reads them;
/// * `/slow`: never answers;
/// * `/redirect`: 302 to `http://<its own host:port>/moved`;
/// * `/hop`: an answer with hop-by-hop headers that must not reach the client;
/// * `/sink`: checks the request body against `byte(at:)` as it arrives, without keeping it, and
///   answers its length (`X-Received-Length`) and whether every byte matched (`X-Pattern`);
///   `/sink/held` stops reading its connection at the head, until `releaseHeld()`.
/// Every response names the upstream in `X-Upstream`.
final class TestUpstream: Sendable {
    let name: String
    let port: Int
    private let channel: any Channel
    /// Requests answered, and bytes of `/large` written to the socket so far.
    let state = Locked<(requests: Int, largeBytesWritten: Int, largeFinished: Bool, lastHead: HTTPRequestHead?)>((0, 0, false, nil))

    private init(name: String, channel: any Channel) {
        self.name = name
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// `tls`: a certificate and key file; the upstream then speaks https.
    static func start(name: String = "a", tls: (certificate: String, key: String)? = nil) async throws -> TestUpstream {
        let box = Locked<TestUpstream?>(nil)
        let tlsContext = try tls.map {
            try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile($0.certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: $0.key, format: .pem))))
        }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    box.withLock { $0! }.connectionCount.withLock { $0 += 1 }
                    if let tlsContext { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(upstream: box.withLock { $0! }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let upstream = TestUpstream(name: name, channel: channel)
        box.withLock { $0 = upstream }
        return upstream
    }

    func stop() async {
        try? await channel.close().get()
    }

    var requests: Int { state.withLock { $0.requests } }
    /// TCP connections accepted so far.
    let connectionCount = Locked(0)
    var connections: Int { connectionCount.withLock { $0 } }
    /// TCP connections closed so far (by either side).
    let closedCount = Locked(0)
    var closedConnections: Int { closedCount.withLock { $0 } }
    var lastHead: HTTPRequestHead? { state.withLock { $0.lastHead } }
    /// Body bytes `/sink` received so far (all requests), and the connection `/sink/held` stopped reading.
    let sink = Locked<(bytes: Int, held: (any Channel)?)>((0, nil))
    var sinkBytes: Int { sink.withLock { $0.bytes } }

    /// `/sink/held` reads its request body from now on.
    func releaseHeld() {
        guard let channel = sink.withLock({ $0.held }) else { return }
        channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in channel.read() }
    }

    static func byte(at index: Int) -> UInt8 { UInt8(index % 251) }

    /// Whether `bytes` are `/large`'s bytes from offset 0 (compared 251 bytes at a time).
    static func isPattern(_ bytes: [UInt8]) -> Bool {
        let period = Array(Handler.pattern[0..<251])
        return bytes.withUnsafeBytes { all in
            period.withUnsafeBytes { expected in
                var offset = 0
                while offset < all.count {
                    let length = min(251, all.count - offset)
                    if memcmp(all.baseAddress! + offset, expected.baseAddress!, length) != 0 { return false }
                    offset += length
                }
                return true
            }
        }
    }

    /// Whether `bytes` are the pattern's bytes from `offset` on.
    static func matches(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        Handler.pattern.withUnsafeBytes { pattern in
            var done = 0
            while done < bytes.count {
                let length = min(65_536, bytes.count - done)
                if memcmp(bytes.baseAddress! + done, pattern.baseAddress! + (offset + done) % 251, length) != 0 { return false }
                done += length
            }
            return true
        }
    }

    /// `count` bytes of the pattern from `offset` (at most 65536).
    static func patternSlice(from offset: Int, count: Int) -> [UInt8] {
        Array(Handler.pattern[(offset % 251)..<(offset % 251 + count)])
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let upstream: TestUpstream
        var head: HTTPRequestHead?
        var body: ByteBuffer?
        var largeRemaining = 0
        /// `/sink`: body bytes seen, and whether they all matched the pattern.
        var sinkOffset: Int?
        var sinkIntact = true
        var largeOffset = 0

        init(upstream: TestUpstream) { self.upstream = upstream }

        /// `byte(at:)` for 0..<(65536 + 251): any 64 KiB chunk is a slice of it.
        static let pattern: [UInt8] = (0..<(65_536 + 251)).map { TestUpstream.byte(at: $0) }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = nil
                sinkOffset = head.uri.hasPrefix("/sink") ? 0 : nil
                sinkIntact = true
                if head.uri.hasPrefix("/sink/held") {
                    upstream.sink.withLock { $0.held = context.channel }
                    context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
                }
            case .body(var part):
                if let offset = sinkOffset {
                    if !part.withUnsafeReadableBytes({ TestUpstream.matches($0, at: offset) }) { sinkIntact = false }
                    sinkOffset = offset + part.readableBytes
                    upstream.sink.withLock { $0.bytes += part.readableBytes }
                    return
                }
                if body == nil { body = part } else { body!.writeBuffer(&part) }
            case .end:
                guard let head else { return }
                upstream.state.withLock {
                    $0.requests += 1
                    $0.lastHead = head
                }
                respond(context: context, head: head)
            }
        }

        private func headers(_ extra: [(String, String)] = []) -> HTTPHeaders {
            var headers = HTTPHeaders([("X-Upstream", upstream.name)])
            for (name, value) in extra { headers.add(name: name, value: value) }
            return headers
        }

        private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
            let uri = head.uri
            if uri.hasPrefix("/slow") { return }
            if let received = sinkOffset {
                send(context, status: .ok, headers: headers([("X-Received-Length", String(received)),
                                                             ("X-Pattern", sinkIntact ? "intact" : "broken")]), body: String(received))
                return
            }
            if uri.hasPrefix("/chunked") {
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok,
                                                                     headers: headers([("Transfer-Encoding", "chunked")])))), promise: nil)
                for part in ["one,", "two,", "three,", "four"] {
                    context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: part)))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            if uri.hasPrefix("/large/"), let count = Int(uri.dropFirst("/large/".count)) {
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok,
                                                                     headers: headers([("Content-Length", String(count))])))), promise: nil)
                largeRemaining = count
                largeOffset = 0
                writeLarge(context: context)
                return
            }
            if uri.hasPrefix("/redirect") {
                let host = "127.0.0.1:\(upstream.port)"
                send(context, status: .found, headers: headers([("Location", "http://\(host)/moved"),
                                                                ("Content-Location", "http://\(host)/here")]), body: "moved")
                return
            }
            if uri.hasPrefix("/hop") {
                send(context, status: .ok, headers: headers([("Connection", "X-Secret"), ("X-Secret", "hidden"),
                                                             ("Keep-Alive", "timeout=5"), ("Trailer", "X-Checksum"),
                                                             ("Upgrade", "h2c"), ("Proxy-Connection", "keep-alive"),
                                                             ("X-Kept", "yes")]), body: "hop")
                return
            }
            if let body, body.readableBytes > 0 {
                let response = HTTPResponseHead(version: .http1_1, status: .ok,
                                                headers: headers([("Content-Length", String(body.readableBytes)),
                                                                  ("X-Received-Length", String(body.readableBytes))]))
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            var text = "\(head.method.rawValue) \(head.uri)\n"
            for (name, value) in head.headers { text += "\(name): \(value)\n" }
            send(context, status: .ok, headers: headers(), body: text, isHead: head.method == .HEAD)
        }

        private func send(_ context: ChannelHandlerContext, status: HTTPResponseStatus, headers: HTTPHeaders, body: String,
                          isHead: Bool = false) {
            var headers = headers
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            if !isHead { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }

        /// Writes `/large` 64 KiB at a time while the socket takes it (back-pressure from the proxy).
        private func writeLarge(context: ChannelHandlerContext) {
            while largeRemaining > 0 && context.channel.isWritable {
                let size = min(65_536, largeRemaining)
                let start = largeOffset % 251
                let buffer = ByteBuffer(bytes: Self.pattern[start..<(start + size)])
                largeOffset += size
                largeRemaining -= size
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer)))).whenSuccess { [upstream] in
                    upstream.state.withLock { $0.largeBytesWritten += size }
                }
            }
            if largeRemaining == 0 && largeOffset > 0 {
                largeOffset = 0
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenSuccess { [upstream] in
                    upstream.state.withLock { $0.largeFinished = true }
                }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            upstream.closedCount.withLock { $0 += 1 }
            context.fireChannelInactive()
        }

        func channelWritabilityChanged(context: ChannelHandlerContext) {
            if context.channel.isWritable && largeRemaining > 0 { writeLarge(context: context) }
            context.fireChannelWritabilityChanged()
        }
    }
}
