/// How long the server waits for clients, and for itself at shutdown.
public struct ServerTimeouts: Sendable, Equatable {
    /// A keep-alive connection with no request in progress and nothing received for this long is closed.
    public var idle: Duration
    /// A request head (request line and headers) must be complete this long after its first byte
    /// arrived, however steadily it trickles in (408 past it). `.zero` turns the deadline off.
    public var requestHead: Duration
    /// A request that has started arriving (headers or body) with nothing more received for this
    /// long is answered 408 and the connection closed; a client taking no response bytes for this
    /// long loses the connection.
    public var slowClient: Duration
    /// How long a request body may arrive slower than `ServerLimits.minBodyBytesPerSecond` before
    /// the rate counts (a slow start is not an attack).
    public var bodyRateGrace: Duration
    /// After an error response or `Connection: close`, how long the server keeps reading (and
    /// discarding) so the client sees the response before the connection is torn down.
    public var linger: Duration
    /// `shutdown()` lets in-flight requests finish for this long, then closes what is left.
    public var shutdownGrace: Duration

    public init(
        idle: Duration = .seconds(60),
        requestHead: Duration = .seconds(60),
        slowClient: Duration = .seconds(20),
        bodyRateGrace: Duration = .seconds(5),
        linger: Duration = .seconds(2),
        shutdownGrace: Duration = .seconds(10)
    ) {
        self.idle = idle
        self.requestHead = requestHead
        self.slowClient = slowClient
        self.bodyRateGrace = bodyRateGrace
        self.linger = linger
        self.shutdownGrace = shutdownGrace
    }
}
