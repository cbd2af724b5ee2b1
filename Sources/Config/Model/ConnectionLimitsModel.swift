/// What the file says about connection limits and timeouts, each nil when the file does not set
/// it (the server's default or a `serve` flag applies). Read from
/// `system.applicationHost/webLimits` (HTTP.sys-wide in IIS) and
/// `system.applicationHost/sites/siteDefaults/limits`; they apply to every listener.
public struct ConnectionLimitsModel: Sendable, Equatable {
    /// `webLimits/@connectionTimeout`, overridden by `siteDefaults/limits/@connectionTimeout`:
    /// how long an idle keep-alive connection stays open.
    public var connectionTimeout: Duration?
    /// `webLimits/@headerWaitTimeout`: how long a request head may take to arrive (IIS's default
    /// 00:00:00 means "not set": the server's default stays).
    public var headerWaitTimeout: Duration?
    /// `webLimits/@minBytesPerSecond`: the minimum request body rate (0 turns the check off).
    public var minBytesPerSecond: Int?
    /// `siteDefaults/limits/@maxConnections`.
    public var maxConnections: Int?
    /// isapi-bridge extensions on `webLimits` (IIS has no attribute for them):
    /// `maxConnectionsPerAddress`, `maxRequestHeaderBytes`, `maxPipelinedRequests`, `slowClientTimeout`,
    /// `bodyRateGracePeriod`, `maxUnsentResponseBytes`, `maxStreamedBodyBufferBytes`.
    public var maxConnectionsPerAddress: Int?
    public var maxRequestHeaderBytes: Int?
    public var maxPipelinedRequests: Int?
    public var slowClientTimeout: Duration?
    public var bodyRateGracePeriod: Duration?
    public var maxUnsentResponseBytes: Int?
    public var maxStreamedBodyBufferBytes: Int?
    /// HTTP/2 (isapi-bridge extensions on `webLimits` too): `http2` (`true`/`false`: offered at
    /// all), `http2Cleartext` (prior knowledge on http listeners), `http2MaxConcurrentStreams`,
    /// `http2StreamWindowBytes`, `http2MaxStreamResets` (per 30 seconds).
    public var http2: Bool?
    public var http2Cleartext: Bool?
    public var http2MaxConcurrentStreams: Int?
    public var http2StreamWindowBytes: Int?
    public var http2MaxStreamResets: Int?

    public init() {}
}
