/// Bounds on what one client may make the server hold. Each one answers with a status that
/// tells the client what to fix (see `ProtocolError`). docs/security.md lists them with their
/// configuration names and `serve` flags.
public struct ServerLimits: Sendable, Equatable {
    /// Request line plus all header names and values of one request (431 past it).
    public var maxHeaderBytes: Int
    /// One request body, after de-chunking (413 past it).
    public var maxBodyBytes: Int
    /// Open client connections; further ones get a 503 and are closed.
    public var maxConnections: Int
    /// Open connections from one client address; further ones from it get a 503 and are closed
    /// (so one address cannot take every slot of `maxConnections`).
    public var maxConnectionsPerAddress: Int
    /// Requests received on one connection and not answered yet before the server stops reading
    /// from it (pipelining back-pressure; nothing is refused, the client just waits).
    public var maxPipelinedRequests: Int
    /// A request body must arrive at this average rate, counted from its start once
    /// `ServerTimeouts.bodyRateGrace` has passed (408 below it); 0 turns the check off.
    public var minBodyBytesPerSecond: Int
    /// Response bytes one connection may have queued for a client that is not taking them; past
    /// it the connection stops reading and dispatching requests until the client catches up
    /// (back-pressure; file bodies count, though they are streamed from the file, not held).
    public var maxUnsentResponseBytes: Int
    /// Bytes of a request body held for a module that streams it (the reverse proxy) while that
    /// module is behind; past it the connection stops reading the client until the module took
    /// them (back-pressure). Bodies other modules read arrive whole (`maxBodyBytes`).
    public var maxStreamedBodyBufferBytes: Int

    public init(
        maxHeaderBytes: Int = 32 * 1024,
        maxBodyBytes: Int = 10 * 1024 * 1024,
        maxConnections: Int = 1024,
        maxConnectionsPerAddress: Int = 128,
        maxPipelinedRequests: Int = 16,
        minBodyBytesPerSecond: Int = 240,
        maxUnsentResponseBytes: Int = 1024 * 1024,
        maxStreamedBodyBufferBytes: Int = 256 * 1024
    ) {
        self.maxStreamedBodyBufferBytes = max(Self.minimumStreamedBodyBufferBytes, maxStreamedBodyBufferBytes)
        self.maxHeaderBytes = max(256, maxHeaderBytes)
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.maxConnections = max(1, maxConnections)
        self.maxConnectionsPerAddress = max(1, maxConnectionsPerAddress)
        self.maxPipelinedRequests = max(1, maxPipelinedRequests)
        self.minBodyBytesPerSecond = max(0, minBodyBytesPerSecond)
        self.maxUnsentResponseBytes = max(Self.minimumUnsentResponseBytes, maxUnsentResponseBytes)
    }

    /// The smallest `maxUnsentResponseBytes` (below it every response would pause the connection).
    public static let minimumUnsentResponseBytes = 16 * 1024
    /// The smallest `maxStreamedBodyBufferBytes`.
    public static let minimumStreamedBodyBufferBytes = 4 * 1024
}
