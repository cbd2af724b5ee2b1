import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Pipeline
@testable import Server
import TestSupport

/// An `HTTPConnectionHandler` behind NIO's request decoder on a connected `EmbeddedChannel`, serving
/// a module that answers "path <path>": the server's connection handling without a socket.
struct EmbeddedEchoConnection {
    let channel = EmbeddedChannel()
    let handler: HTTPConnectionHandler

    init() throws {
        let module = ClosureModule.registration("Echo", .executeRequestHandler) { _, context in
            context.response.write("path \(context.request.path)")
            return .finishRequest
        }
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/nonexistent"), modules: [module])
        let resources = LoopResources(loop: channel.embeddedEventLoop, memory: .default, gate: LoopGate())
        handler = HTTPConnectionHandler(
            sites: .single(pipeline), resources: resources, limits: ServerLimits(),
            timeouts: ConnectionTimeouts(ServerTimeouts()), logger: Logger(label: "test"))
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
    }

    /// Everything written to the client since the last call.
    func output() throws -> String {
        var text = ""
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) { text += buffer.readString(length: buffer.readableBytes) ?? "" }
        return text
    }
}
