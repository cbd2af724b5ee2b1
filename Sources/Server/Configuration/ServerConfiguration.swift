import NIOCore
import Memory

/// Everything an `HTTPServer` needs besides its pipeline: where to listen, how many threads,
/// the limits that protect it from bad clients, its timeouts and the arena settings.
public struct ServerConfiguration: Sendable {
    /// Address to bind: `127.0.0.1`, `0.0.0.0`, `::1`, a host name.
    public var host: String
    /// TCP port; 0 asks the system for a free one (`HTTPServer.start()` returns it).
    public var port: Int
    /// Event loop threads; each runs its connections' pipelines and owns one chunk pool.
    public var eventLoopThreads: Int
    public var limits: ServerLimits
    public var timeouts: ServerTimeouts
    /// Used for the per-event-loop chunk pools (chunk size, how many chunks to keep).
    public var memory: MemoryConfiguration
    /// Told the status of every answer the server gives without the pipeline (400, 408, 413, 431,
    /// 503, 505), from the connection's event loop: the metrics count them.
    public var onProtocolAnswer: (@Sendable (Int) -> Void)?
    /// A socket already bound (and listening) to adopt instead of binding `host:port`: a worker
    /// process serves the listener its supervisor bound and passed down.
    public var boundSocket: Int32?
    /// An https listener's certificates, asked once per new connection (a reload swaps the
    /// answer; open connections keep theirs); nil: plain HTTP.
    public var tls: (@Sendable () -> ListenerTLS)?
    /// HTTP/2 (ALPN `h2` on https listeners, prior knowledge on http ones) and its limits.
    public var http2 = HTTP2Limits()

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        eventLoopThreads: Int = System.coreCount,
        limits: ServerLimits = ServerLimits(),
        timeouts: ServerTimeouts = ServerTimeouts(),
        memory: MemoryConfiguration = .default
    ) {
        self.host = host
        self.port = port
        self.eventLoopThreads = max(1, eventLoopThreads)
        self.limits = limits
        self.timeouts = timeouts
        self.memory = memory
    }
}
