import NIOCore
import NIOHTTP1
import NIOPosix

/// The benchmark baseline: the smallest reasonable SwiftNIO HTTP/1.1 server. Keep-alive,
/// `configureHTTPServerPipeline`, and a fixed 200 "Hello World!" for every request.
///
///     BareNIOServer [--port 8081] [--host 127.0.0.1] [--threads 1]
@main
enum BareNIOServer {
    static func main() throws {
        var port = 8081
        var host = "127.0.0.1"
        var threads = System.coreCount
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--port": port = arguments.next().flatMap { Int($0) } ?? port
            case "--host": host = arguments.next() ?? host
            case "--threads": threads = arguments.next().flatMap { Int($0) } ?? threads
            default:
                print("usage: BareNIOServer [--port N] [--host ADDRESS] [--threads N]")
                return
            }
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(HelloWorldHandler())
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
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}
