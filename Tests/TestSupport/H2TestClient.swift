import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// One response read from an HTTP/2 stream.
public struct H2Response: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
}

/// The stream was reset (or the connection ended) before its response was complete.
public struct H2StreamFailed: Error, CustomStringConvertible {
    public var description: String
}

/// A real HTTP/2 client (NIO's) over loopback: one TCP connection, one stream per `request`, so
/// several requests in flight at once share the connection. Cleartext connections use prior
/// knowledge (h2c); `tls` negotiates by ALPN.
public final class H2TestClient: Sendable {
    public let channel: any Channel
    private let multiplexer: NIOHTTP2Handler.StreamMultiplexer
    /// What ALPN agreed on a TLS connection (`h2`, `http/1.1`), nil without TLS.
    public let negotiatedProtocol: String?

    private init(channel: any Channel, multiplexer: NIOHTTP2Handler.StreamMultiplexer, negotiatedProtocol: String?) {
        self.channel = channel
        self.multiplexer = multiplexer
        self.negotiatedProtocol = negotiatedProtocol
    }

    /// Connects; with `tls` the client offers `applicationProtocols` and trusts any certificate.
    public static func connect(port: Int, tls: Bool = false, applicationProtocols: [String] = ["h2"]) async throws -> H2TestClient {
        let context: NIOSSLContext? = try tls ? {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            configuration.applicationProtocols = applicationProtocols
            return try NIOSSLContext(configuration: configuration)
        }() : nil
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        let negotiated: String?
        let multiplexer: NIOHTTP2Handler.StreamMultiplexer
        if let context {
            // HTTP/2 goes in at the handshake, synchronously: the server's SETTINGS may follow the
            // handshake in the same read and must not pass by before the HTTP/2 handler is there.
            let handshake = channel.eventLoop.makePromise(of: (String?, NIOHTTP2Handler.StreamMultiplexer).self)
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
                try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(handshake))
            }.get()
            (negotiated, multiplexer) = try await handshake.futureResult.get()
        } else {
            negotiated = nil
            multiplexer = try await channel.eventLoop.submit { try Self.configureHTTP2(channel) }.get()
        }
        return H2TestClient(channel: channel, multiplexer: multiplexer, negotiatedProtocol: negotiated)
    }

    static func configureHTTP2(_ channel: any Channel) throws -> NIOHTTP2Handler.StreamMultiplexer {
        try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .client, connectionConfiguration: .init(), streamConfiguration: .init()
        ) { stream in stream.close() }  // the server pushes nothing
    }

    /// One request on a new stream; returns its response (throws when the stream was reset).
    public func request(_ path: String, method: HTTPMethod = .GET, authority: String = "localhost",
                        headers: [(String, String)] = [], body: [UInt8] = []) async throws -> H2Response {
        let response = channel.eventLoop.makePromise(of: H2Response.self)
        let secure = negotiatedProtocol != nil
        let stream: any Channel
        do {
            stream = try await multiplexer.createStreamChannel { stream in
                stream.eventLoop.makeCompletedFuture {
                    try stream.pipeline.syncOperations.addHandler(HTTP2FramePayloadToHTTP1ClientCodec(httpProtocol: secure ? .https : .http))
                    try stream.pipeline.syncOperations.addHandler(ResponseCollector(response))
                }
            }.get()
        } catch {
            response.fail(error)
            throw error
        }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "host", value: authority)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        stream.write(HTTPClientRequestPart.head(head), promise: nil)
        if !body.isEmpty { stream.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        stream.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        return try await response.futureResult.get()
    }

    public func close() async {
        try? await channel.close()
    }

    private final class ResponseCollector: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPClientResponsePart
        private let promise: EventLoopPromise<H2Response>
        private let state = Mutex(H2Response(status: 0, headers: [], body: []))
        private let done = Atomic(false)

        init(_ promise: EventLoopPromise<H2Response>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                state.withLock {
                    $0.status = Int(head.status.code)
                    $0.headers = head.headers.map { ($0.name, $0.value) }
                }
            case .body(let buffer):
                state.withLock { $0.body += buffer.readableBytesView }
            case .end:
                if !done.exchange(true, ordering: .relaxed) { promise.succeed(state.withLock { $0 }) }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            fail("the stream closed before its response was complete")
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            fail("\(error)")
            context.close(promise: nil)
        }

        private func fail(_ why: String) {
            if !done.exchange(true, ordering: .relaxed) { promise.fail(H2StreamFailed(description: why)) }
        }
    }

    private final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let promise: EventLoopPromise<(String?, NIOHTTP2Handler.StreamMultiplexer)>
        private let done = Atomic(false)

        init(_ promise: EventLoopPromise<(String?, NIOHTTP2Handler.StreamMultiplexer)>) { self.promise = promise }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSUserEvent, case .handshakeCompleted(let negotiated) = event {
                if !done.exchange(true, ordering: .relaxed) {
                    do {
                        promise.succeed((negotiated, try H2TestClient.configureHTTP2(context.channel)))
                    } catch {
                        promise.fail(error)
                    }
                }
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            if !done.exchange(true, ordering: .relaxed) { promise.fail(error) }
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !done.exchange(true, ordering: .relaxed) { promise.fail(ChannelError.ioOnClosedChannel) }
            context.fireChannelInactive()
        }
    }
}
