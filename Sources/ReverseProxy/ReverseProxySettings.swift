/// How a site's reverse proxy handler behaves (docs/reverse-proxy.md).
public struct ReverseProxySettings: Sendable {
    /// Time to establish a TCP connection to an upstream; past it the answer is 504.
    public var connectTimeout: Duration = .seconds(5)
    /// Time the upstream may take to send its response head, and then between two reads of its
    /// body while the proxy waits for it; past it the answer is 504 (or, once the head was sent,
    /// the client's connection is closed).
    public var responseTimeout: Duration = .seconds(30)
    /// Send `X-Forwarded-Host` with the client's `Host`.
    public var forwardedHost = true
    /// Send the client's `Host` to the upstream (ARR's `preserveHostHeader`); false sends the
    /// upstream's own `host:port`.
    public var preserveHost = true
    /// How long an upstream of a web farm is skipped after its connection failed.
    public var failureBackoff: Duration = .seconds(10)
    /// Idle keep-alive connections kept per upstream and event loop.
    public var maxIdleConnections = 8
    /// The name this proxy gives itself in `Via`.
    public var viaName = "isapi-bridge"
    /// Named groups of upstreams; a URL whose host is a farm's name goes to its servers.
    public var farms: [WebFarm] = []
    /// A PEM file of certificate authorities trusted for `https://` upstreams besides the system's
    /// trust store (an internal CA). Certificates are always verified, host name included.
    public var trustedAuthoritiesFile: String?

    public init() {}
}
