import Pipeline
import Server

/// A real server on an ephemeral loopback port, for the duration of `body`.
public func withServer<T>(
    _ pipeline: RequestPipeline,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (HTTPServer, Int) async throws -> T
) async throws -> T {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopThreads: 1)
    configuration.timeouts.linger = .milliseconds(500)
    configuration.timeouts.shutdownGrace = .seconds(2)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, pipeline: pipeline)
    let port = try await server.start()
    do {
        let result = try await body(server, port)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
