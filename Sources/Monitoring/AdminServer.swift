import Logging
import Pipeline
import Server
import ServiceLifecycle

/// The admin listener: `GET /metrics` in the Prometheus text format, on its own port (loopback by
/// default), served by an `HTTPServer` whose only module is `MetricsModule`.
public final class AdminServer: Service, Sendable {
    public let server: HTTPServer

    public convenience init(host: String = "127.0.0.1", port: Int, metrics: ServerMetrics,
                            connections: @escaping @Sendable () -> Int, logger: Logger,
                            onListening: (@Sendable (String) -> Void)? = nil) {
        self.init(host: host, port: port, scrape: { metrics.scrape(connections: connections()) }, logger: logger,
                  onListening: onListening)
    }

    /// An admin listener whose `/metrics` answer `scrape` writes (the supervisor's: its own
    /// metrics and its workers', summed).
    public init(host: String = "127.0.0.1", port: Int, scrape: @escaping @Sendable () -> String, logger: Logger,
                onListening: (@Sendable (String) -> Void)? = nil) {
        let pipeline = RequestPipeline(
            site: SiteInfo(id: 0, name: "admin", physicalPath: "/nonexistent"),
            modules: [MetricsModule.registration(scrape: scrape)], logger: logger)
        server = HTTPServer(configuration: ServerConfiguration(host: host, port: port, eventLoopThreads: 1),
                            pipeline: pipeline, logger: logger, onListening: onListening)
    }

    /// Binds and starts accepting; a port in use is an `AdminListenError`.
    public func start() async throws {
        do {
            try await server.start()
        } catch ServerError.bindFailed(let host, let port, let underlying) {
            throw AdminListenError(host: host, port: port, underlying: underlying)
        }
    }

    public func run() async throws {
        try await start()
        try? await gracefulShutdown()
        await server.shutdown()
    }
}

/// Answers `/metrics` with the scrape, anything else with 404.
final class MetricsModule: HttpModule, Sendable {
    let scrape: @Sendable () -> String

    init(scrape: @escaping @Sendable () -> String) { self.scrape = scrape }

    static func registration(scrape: @escaping @Sendable () -> String) -> ModuleRegistration {
        let module = MetricsModule(scrape: scrape)
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
        context.response.write(Array(scrape().utf8))
        return .finishRequest
    }
}
