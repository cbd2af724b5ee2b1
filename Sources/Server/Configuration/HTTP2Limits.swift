/// HTTP/2: whether it is offered, and what one HTTP/2 connection may make the server hold. The
/// header list of a stream is bounded by `ServerLimits.maxHeaderBytes`, its body by
/// `maxBodyBytes`, as on HTTP/1.1. docs/https.md describes them.
public struct HTTP2Limits: Sendable, Equatable {
    /// Offer `h2` by ALPN on https listeners and accept HTTP/2 with prior knowledge (h2c) on http
    /// ones; listeners whose sites have READ_RAW_DATA or SEND_RAW_DATA filters never offer it.
    public var enabled: Bool
    /// Also on http listeners (h2c with prior knowledge; IIS has no cleartext HTTP/2).
    public var cleartext: Bool
    /// Streams a client may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS); more are refused.
    public var maxConcurrentStreams: Int
    /// Request body bytes a client may send on one stream before the server reads them (the
    /// stream's flow-control window, SETTINGS_INITIAL_WINDOW_SIZE).
    public var streamWindowBytes: Int
    /// Streams a client may reset within `resetWindowSeconds` before the connection is closed
    /// (the "rapid reset" attack, CVE-2023-44487).
    public var maxStreamResets: Int
    public var resetWindowSeconds: Int

    public init(enabled: Bool = true, cleartext: Bool = true, maxConcurrentStreams: Int = 100, streamWindowBytes: Int = 1 << 20,
                maxStreamResets: Int = 200, resetWindowSeconds: Int = 30) {
        self.enabled = enabled
        self.cleartext = cleartext
        self.maxConcurrentStreams = min(max(1, maxConcurrentStreams), Self.largestConcurrentStreams)
        self.streamWindowBytes = min(max(Self.smallestWindow, streamWindowBytes), Self.largestWindow)
        self.maxStreamResets = max(1, maxStreamResets)
        self.resetWindowSeconds = max(1, resetWindowSeconds)
    }

    /// Bounds: HTTP/2's own smallest window, and 16 MiB a stream; 1000 streams a connection.
    public static let smallestWindow = 65_535
    public static let largestWindow = 16 << 20
    public static let largestConcurrentStreams = 1000
}
