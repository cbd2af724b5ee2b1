import Logging
import Pipeline
import Server
import ServiceLifecycle

/// The admin listener: `GET /metrics` in the Prometheus text format, on its own port (loopback by
/// default), served by an `HTTPServer` whose only module is `MetricsModule`.
public final class AdminServer: Service, Sendable {
    public let server: HTTPServer

    public init(host: String = "127.0.0.1", port: Int, metrics: ServerMetrics,
                connections: @escaping @Sendable () -> Int, logger: Logger,
                onListening: (@Sendable (String) -> Void)? = nil) {
        let pipeline = RequestPipeline(
            site: SiteInfo(id: 0, name: "admin", physicalPath: "/nonexistent"),
            modules: [MetricsModule.registration(metrics: metrics, connections: connections)], logger: logger)
        server = HTTPServer(configuration: ServerConfiguration(host: host, port: port, eventLoopThreads: 1),
                            pipeline: pipeline, logger: logger, onListening: onListening)
    }

    public func run() async throws {
        try await server.run()
    }
}

/// Answers `/metrics` with the scrape, anything else with 404.
final class MetricsModule: HttpModule, Sendable {
    let metrics: ServerMetrics
    let connections: @Sendable () -> Int

    init(metrics: ServerMetrics, connections: @escaping @Sendable () -> Int) {
        self.metrics = metrics
        self.connections = connections
    }

    static func registration(metrics: ServerMetrics, connections: @escaping @Sendable () -> Int) -> ModuleRegistration {
        let module = MetricsModule(metrics: metrics, connections: connections)
        return ModuleRegistration(name: "MetricsModule", factory: ClosureModuleFactory { _ in module },
                                  notifications: .executeRequestHandler)
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard context.request.path == "/metrics" else {
            context.response.setStatus(404)
            context.response.write(Array("not found: the admin listener serves /metrics\n".utf8))
            return .finishRequest
        }
        context.response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        context.response.write(Array(metrics.scrape(connections: connections()).utf8))
        return .finishRequest
    }
}
