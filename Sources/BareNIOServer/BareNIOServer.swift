import NIOCore
import NIOHTTP1
import NIOPosix

/// The benchmark baseline: the smallest reasonable SwiftNIO HTTP/1.1 server. Keep-alive,
/// `configureHTTPServerPipeline`, and a fixed 200 "Hello World!" for every request, flushed with
/// the response (`writeAndFlush`).
///
/// `--flush-per-turn` flushes as isapi-bridge does (`FlushBatch`): responses are written without a
/// flush, and one task per event-loop turn flushes every channel that wrote. A second reference,
/// so the benchmarks can tell that technique's share from the rest.
///
///     BareNIOServer [--port 8081] [--host 127.0.0.1] [--threads 1] [--flush-per-turn]
@main
enum BareNIOServer {
    static func main() throws {
        var port = 8081
        var host = "127.0.0.1"
        var threads = System.coreCount
        var flushPerTurn = false
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--port": port = arguments.next().flatMap { Int($0) } ?? port
            case "--host": host = arguments.next() ?? host
            case "--threads": threads = arguments.next().flatMap { Int($0) } ?? threads
            case "--flush-per-turn": flushPerTurn = true
            default:
                print("usage: BareNIOServer [--port N] [--host ADDRESS] [--threads N] [--flush-per-turn]")
                return
            }
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let batched = flushPerTurn
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        HelloWorldHandler(flusher: batched ? TurnFlusher.current(on: channel.eventLoop) : nil))
                }
            }
            .bind(host: host, port: port).wait()
        print("BareNIOServer listening on http://\(host):\(channel.localAddress?.port ?? port)/")
        try channel.closeFuture.wait()
    }
}

final class HelloWorldHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private static let body = ByteBuffer(string: "Hello World!")
    private var keepAlive = true
    private let flusher: TurnFlusher?

    init(flusher: TurnFlusher?) {
        self.flusher = flusher
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            keepAlive = request.isKeepAlive
        case .body:
            break
        case .end:
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "12")
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(Self.body))), promise: nil)
            if let flusher, keepAlive {
                context.write(wrapOutboundOut(.end(nil)), promise: nil)
                flusher.add(context)
                return
            }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}

/// One per event loop: the channels that wrote this turn, flushed by one task after the loop's reads.
/// `@unchecked Sendable`: each one is used only on its own loop's thread.
final class TurnFlusher: @unchecked Sendable {
    private static let perThread = ThreadSpecificVariable<TurnFlusher>()
    private let loop: any EventLoop
    private var waiting: [ChannelHandlerContext] = []
    private var scheduled = false

    private init(loop: any EventLoop) { self.loop = loop }

    /// The calling event loop's flusher (call on `loop`).
    static func current(on loop: any EventLoop) -> TurnFlusher {
        if let made = perThread.currentValue { return made }
        let made = TurnFlusher(loop: loop)
        perThread.currentValue = made
        return made
    }

    func add(_ context: ChannelHandlerContext) {
        waiting.append(context)
        guard !scheduled else { return }
        scheduled = true
        loop.assumeIsolated().execute { [self] in
            scheduled = false
            let batch = waiting
            waiting.removeAll(keepingCapacity: true)
            for context in batch { context.flush() }
        }
    }
}
