import Logging
import NIOCore
import NIOPosix
import Pipeline
import Synchronization

/// An HTTP/1.1 server that runs every request through a `RequestPipeline`.
///
/// One `PipelineConnection` per TCP connection, on the connection's event loop, with no
/// Swift-concurrency hop per request. Usable directly from tests:
///
///     let server = HTTPServer(configuration: ServerConfiguration(port: 0), pipeline: pipeline)
///     let port = try await server.start()
///     ...
///     await server.shutdown()
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let siteProvider: SiteProvider
    let logger: Logger
    let onListening: (@Sendable (String) -> Void)?
    private let group: MultiThreadedEventLoopGroup
    private let resources: LoopResourceTable
    private let registry = ConnectionRegistry()
    private let state = Mutex<ListenerState>(.idle)
    /// Set while serving an adopted socket: stopped before the event loops are.
    private let adopted = Mutex<(acceptor: SharedSocketAcceptor, heartbeat: LoopHeartbeat)?>(nil)

    private enum ListenerState {
        case idle, starting
        case listening(any Channel)
        /// A socket shared with other processes, accepted on by a thread of its own.
        case adopted(SharedSocketAcceptor)
        case stopped
    }

    /// - Parameters:
    ///   - pipeline: called once per new connection (see `PipelineProvider`).
    ///   - onListening: told the URL once the server listens (the CLI prints it).
    public convenience init(configuration: ServerConfiguration, logger: Logger = Logger(label: "isapi-bridge.server"),
                            onListening: (@Sendable (String) -> Void)? = nil, pipeline: @escaping PipelineProvider) {
        self.init(configuration: configuration, logger: logger, onListening: onListening, sites: { .single(pipeline()) })
    }

    /// A server whose listener may carry several sites, chosen by Host header (see `SiteSelection`).
    /// - Parameter sites: called once per new connection; a configuration reload swaps its answer.
    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "isapi-bridge.server"),
                onListening: (@Sendable (String) -> Void)? = nil, sites: @escaping SiteProvider) {
        self.configuration = configuration
        self.siteProvider = sites
        self.logger = logger
        self.onListening = onListening
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        self.resources = LoopResourceTable(group: group, memory: configuration.memory)
    }

    /// A server whose every connection uses `pipeline`.
    public convenience init(configuration: ServerConfiguration, pipeline: RequestPipeline,
                            logger: Logger = Logger(label: "isapi-bridge.server"),
                            onListening: (@Sendable (String) -> Void)? = nil) {
        self.init(configuration: configuration, logger: logger, onListening: onListening) { pipeline }
    }

    /// Binds and starts accepting. Returns the bound port (useful with port 0).
    @discardableResult
    public func start() async throws -> Int {
        try state.withLock { state in
            guard case .idle = state else { throw ServerError.alreadyStarted }
            state = .starting
        }
        if let socket = configuration.boundSocket { return startAccepting(on: socket) }
        let channel: any Channel
        do {
            channel = try await makeBootstrap().bind(host: configuration.host, port: configuration.port).get()
        } catch {
            state.withLock { $0 = .idle }
            throw ServerError.bindFailed(host: configuration.host, port: configuration.port, underlying: error)
        }
        let stillWanted = state.withLock { state -> Bool in
            guard case .starting = state else { return false }
            state = .listening(channel)
            return true
        }
        if !stillWanted { try? await channel.close() }
        let port = channel.localAddress?.port ?? configuration.port
        announce(port: port)
        return port
    }

    /// Serves a listening socket that other processes accept on too (a worker's, bound by its
    /// supervisor): a thread of its own accepts, so no event loop, and no filter stuck on one,
    /// ever stands between the socket and new connections, and a connection another process took
    /// first is no event for NIO.
    private func startAccepting(on socket: Int32) -> Int {
        let heartbeat = LoopHeartbeat(group: group)
        let initializer = connectionInitializer()
        let acceptor = SharedSocketAcceptor(socket: socket, logger: logger) { client in
            ClientBootstrap(group: heartbeat.healthyLoop())
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.maxMessagesPerRead, value: 16)
                .channelInitializer(initializer)
                .withConnectedSocket(client)
                .whenFailure { _ in close(client) }
        }
        let port = state.withLock { state -> Int? in
            guard case .starting = state else { return nil }
            state = .adopted(acceptor)
            adopted.withLock { $0 = (acceptor, heartbeat) }
            return acceptor.start()
        }
        if port == nil { heartbeat.stop() }
        announce(port: port ?? configuration.port)
        return port ?? configuration.port
    }

    private func announce(port: Int) {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let url = "\(configuration.tls == nil ? "http" : "https")://\(host):\(port)/"
        logger.info("listening on \(url)")
        onListening?(url)
    }

    /// Open client connections right now.
    public var connectionCount: Int { registry.count }

    /// For a worker's health ping: serving an adopted socket, whether any event loop still runs
    /// (its heartbeat is fresh); true otherwise.
    public var canServe: Bool { adopted.withLock { $0 }?.heartbeat.anyLoopResponsive ?? true }

    /// Stops accepting and asks every open connection to finish what it received and close.
    /// Returns at once; `shutdown()` does this and then waits. Idempotent.
    public func beginShutdown() {
        let listener: (any Channel)?, acceptor: SharedSocketAcceptor?
        (listener, acceptor) = state.withLock { state in
            defer { state = .stopped }
            if case .listening(let channel) = state { return (channel, nil) }
            if case .adopted(let acceptor) = state { return (nil, acceptor) }
            return (nil, nil)
        }
        acceptor?.stop()
        if listener != nil || acceptor != nil {
            listener?.close(promise: nil)
            // Global modules shared by several sites hear GL_STOP_LISTENING once.
            var told: Set<ObjectIdentifier> = []
            for pipeline in siteProvider().pipelines {
                for registration in pipeline.globalModules where registration.notifications.contains(.stopListening) {
                    guard told.insert(ObjectIdentifier(registration.module)).inserted else { continue }
                    if registration.module.stopListening() == .handled { break }
                }
            }
        }
        // A shared socket's last connections may still be on their way in: `shutdown()` quiesces
        // once the accept thread has ended and their first request had a moment to arrive.
        if adopted.withLock({ $0 }) == nil { quiesceConnections() }
    }

    private func quiesceConnections() {
        for channel in registry.all {
            channel.eventLoop.execute {
                channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            }
        }
    }

    /// Deferred work (PENDING completions) that arrived after the event loops stopped and was dropped.
    public var lateWorkDropped: Int { resources.gate.dropped }

    /// Graceful stop: no new connections; requests in flight finish (up to `shutdownGrace`); every
    /// connection closes so its close notification runs; then the event loops stop.
    public func shutdown() async {
        beginShutdown()
        let sharedSocket = adopted.withLock { $0 }
        if let (acceptor, _) = sharedSocket {
            // No connection is handed on after this; those just accepted get their request read
            // (other workers took the rest of the queue: a drain or recycle loses none).
            await acceptor.finish()
            try? await Task.sleep(for: .milliseconds(100))
            quiesceConnections()
        }
        let open = registry.all
        let registry = self.registry
        let force = group.next().scheduleTask(in: TimeAmount(configuration.timeouts.shutdownGrace)) {
            for channel in registry.all { channel.close(promise: nil) }
        }
        try? await EventLoopFuture.andAllComplete(open.map(\.closeFuture), on: group.next()).get()
        force.cancel()
        sharedSocket?.heartbeat.stop()
        resources.gate.close()
        try? await group.shutdownGracefully()
    }

    private func makeBootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer(connectionInitializer())
    }

    /// Sets up one accepted connection (`ConnectionSetup`: admission against the connection caps,
    /// then the HTTP handlers), on the connection's event loop.
    private func connectionInitializer() -> @Sendable (any Channel) -> EventLoopFuture<Void> {
        let setup = ConnectionSetup(configuration: configuration, siteProvider: siteProvider, registry: registry,
                                    logger: logger)
        let resources = self.resources
        return { channel in
            channel.eventLoop.makeCompletedFuture {
                try setup.install(on: channel, resources: resources.resources(for: channel.eventLoop))
            }
        }
    }
}
