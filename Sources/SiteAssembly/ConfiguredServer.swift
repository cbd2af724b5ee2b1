import Config
import Logging
import Server
import ServiceLifecycle
import Synchronization

/// Every listener of an assembled configuration, serving until graceful shutdown, with the
/// configuration swappable at run time (`install`): new connections get the new pipelines, open
/// connections keep theirs. Old configurations are terminated at shutdown, not at the swap, since
/// connections opened before the swap may still run their filters and modules.
public final class ConfiguredServer: Service, Sendable {
    public let servers: [(listener: Listener, server: HTTPServer)]
    private let current: CurrentAssembly
    private let retired = Mutex<[AssembledServer]>([])
    private let logger: Logger
    private let ports = Mutex<[Listener: Int]>([:])
    /// True once shutdown stops the applications: the notifications that come from outside the
    /// request path (health check, configuration change) are not raised any more. Held while
    /// they run, so shutdown never terminates a module that is still handling one.
    private let globalNotificationsEnded = Mutex(false)

    /// - Parameters:
    ///   - template: threads, limits and timeouts for every listener (host and port come from the bindings).
    ///   - onListening: told each listener's URL and the sites on it.
    ///   - boundSockets: listeners already bound by a supervisor process, to adopt; when given, a
    ///     listener without one is not served (the supervisor did not bind it).
    public init(_ assembled: AssembledServer, template: ServerConfiguration = ServerConfiguration(),
                logger: Logger = Logger(label: "isapi-bridge.server"),
                boundSockets: [Listener: Int32]? = nil,
                onListening: (@Sendable (String, [String]) -> Void)? = nil) {
        let current = CurrentAssembly(assembled)
        self.current = current
        self.logger = logger
        var servers: [(Listener, HTTPServer)] = []
        for listener in assembled.model.listeners {
            var configuration = template
            configuration.host = listener.bindAddress
            configuration.port = listener.port
            if let boundSockets {
                guard let socket = boundSockets[listener] else {
                    logger.warning("\(listener) was not bound by the supervisor; not served (restart isapi-bridge to listen on it)")
                    continue
                }
                configuration.boundSocket = socket
            }
            if let initial = assembled.tls(for: listener) {
                // A reload's certificates for new connections; a listener cannot stop being https
                // without a restart, so the first certificates stay if a reload drops the binding.
                configuration.tls = { current.value.withLock { $0 }.tls(for: listener) ?? initial }
            }
            let names = assembled.sites.filter { $0.model.bindings.contains { $0.listener == listener } }.map(\.model.name)
            let server = HTTPServer(configuration: configuration, logger: logger,
                                    onListening: { url in onListening?(url, names) },
                                    sites: { current.value.withLock { $0 }.selection(for: listener) })
            servers.append((listener, server))
        }
        self.servers = servers
    }

    /// The configuration new connections get.
    public var assembled: AssembledServer { current.value.withLock { $0 } }

    /// Swaps the configuration. Listeners cannot change without a restart: a site bound to a new
    /// `ip:port` is reported and is not reachable until then.
    /// The replaced configuration's global modules hear GL_CONFIGURATION_CHANGE (`changedPath`), the
    /// new one's GL_APPLICATION_START; the old applications stop at shutdown, with their connections.
    public func install(_ next: AssembledServer, changedPath: String = "MACHINE/WEBROOT/APPHOST") {
        let known = Set(servers.map(\.listener))
        for listener in next.model.listeners where !known.contains(listener) {
            logger.warning("configuration reload: \(listener) is a new listener; restart isapi-bridge to listen on it")
        }
        for (listener, server) in servers where (server.configuration.tls != nil) != (next.tls(for: listener) != nil) {
            logger.warning("configuration reload: \(listener) changed between http and https; restart isapi-bridge for that (it keeps its \(server.configuration.tls != nil ? "https certificates" : "plain http"))")
        }
        let previous = current.value.withLock { current in
            defer { current = next }
            return current
        }
        retired.withLock { $0.append(previous) }
        globalNotificationsEnded.withLock { ended in
            guard !ended else { return }
            previous.notifyConfigurationChange(path: changedPath)
            next.notifyApplicationStart()
        }
    }

    /// GL_HEALTH_CHECK to the configuration in force (the worker's answer to a supervisor ping).
    public func notifyHealthCheck() {
        globalNotificationsEnded.withLock { ended in if !ended { assembled.notifyHealthCheck() } }
    }

    /// GL_CONFIGURATION_CHANGE to the configuration in force: a worker process whose supervisor is
    /// replacing it after a reload.
    public func notifyConfigurationChange(path: String = "MACHINE/WEBROOT/APPHOST") {
        globalNotificationsEnded.withLock { ended in if !ended { assembled.notifyConfigurationChange(path: path) } }
    }

    /// Starts every listener; returns the bound ports in listener order (useful with port 0).
    @discardableResult
    public func start() async throws -> [Int] {
        var bound: [Int] = []
        for (listener, server) in servers {
            let port = try await server.start()
            ports.withLock { $0[listener] = port }
            bound.append(port)
        }
        assembled.notifyApplicationStart()
        return bound
    }

    public func shutdown() async {
        for (_, server) in servers { server.beginShutdown() }
        for (_, server) in servers { await server.shutdown() }
        let all = retired.withLock { $0 } + [current.value.withLock { $0 }]
        globalNotificationsEnded.withLock { $0 = true }
        for assembled in all { assembled.notifyApplicationStop() }
        for assembled in all { assembled.notifyCacheCleanup() }
        for assembled in all { assembled.terminate() }
    }

    public func run() async throws {
        do {
            try await start()
        } catch {
            await shutdown()
            throw error
        }
        try? await gracefulShutdown()
        logger.info("shutting down: finishing requests in flight")
        await shutdown()
    }
}

/// The configuration in force, shared with each listener's site provider.
final class CurrentAssembly: Sendable {
    let value: Mutex<AssembledServer>
    init(_ assembled: AssembledServer) { value = Mutex(assembled) }
}
