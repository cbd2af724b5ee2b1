/// How long the server waits for clients, and for itself at shutdown.
public struct ServerTimeouts: Sendable, Equatable {
    /// A keep-alive connection with no request in progress and nothing received for this long is closed.
    public var idle: Duration
    /// A request that has started arriving (headers or body) with nothing more received for this
    /// long is answered 408 and the connection closed.
    public var slowClient: Duration
    /// After an error response or `Connection: close`, how long the server keeps reading (and
    /// discarding) so the client sees the response before the connection is torn down.
    public var linger: Duration
    /// `shutdown()` lets in-flight requests finish for this long, then closes what is left.
    public var shutdownGrace: Duration

    public init(
        idle: Duration = .seconds(60),
        slowClient: Duration = .seconds(20),
        linger: Duration = .seconds(2),
        shutdownGrace: Duration = .seconds(10)
    ) {
        self.idle = idle
        self.slowClient = slowClient
        self.linger = linger
        self.shutdownGrace = shutdownGrace
    }
}
