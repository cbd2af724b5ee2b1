/// isapi-bridge's `system.webServer/reverseProxy` for one site (server level, then `<location>`
/// levels): how the reverse proxy handler (`ReverseProxyModule`) forwards requests, and the web
/// farms a proxied URL may name as its host (a minimal form of ARR's `webFarms`).
public struct ReverseProxyModel: Sendable, Equatable {
    /// `connectTimeout` (hh:mm:ss): establishing a connection to an upstream; past it 504.
    public var connectTimeout: Duration = .seconds(5)
    /// `timeout` (hh:mm:ss, ARR's name): the upstream's response head, and each wait for more body.
    public var timeout: Duration = .seconds(30)
    /// `forwardedHost`: send `X-Forwarded-Host`.
    public var forwardedHost = true
    /// `preserveHostHeader` (ARR's name): send the client's `Host`; false sends the upstream's.
    public var preserveHostHeader = true
    /// `failureBackoff` (hh:mm:ss): how long a web farm server whose connection failed is skipped.
    public var failureBackoff: Duration = .seconds(10)
    /// `maxIdleConnections`: idle keep-alive connections per upstream and event loop.
    public var maxIdleConnections = 8
    /// `upstreamCertificateAuthorities`: a PEM file of certificate authorities trusted for
    /// `https://` upstreams besides the system's trust store.
    public var upstreamCertificateAuthorities: String?
    /// `<webFarm name>` elements, by name (a later level's farm of the same name replaces it).
    public var webFarms: [WebFarmModel] = []

    public init() {}
}

/// `<webFarm name="app"><server address="host:port"/>...</webFarm>`.
public struct WebFarmModel: Sendable, Equatable {
    public var name: String
    /// `host`, `host:port` or `[v6]:port` of each `<server address>`, in order.
    public var servers: [String]
    public var line: Int

    public init(name: String, servers: [String], line: Int) {
        self.name = name
        self.servers = servers
        self.line = line
    }
}

/// What one level says in `<reverseProxy>`.
struct ReverseProxyEdits: Sendable {
    var connectTimeout: Duration?
    var timeout: Duration?
    var forwardedHost: Bool?
    var preserveHostHeader: Bool?
    var failureBackoff: Duration?
    var maxIdleConnections: Int?
    var upstreamCertificateAuthorities: String?
    var webFarms: [WebFarmModel] = []

    func apply(to model: inout ReverseProxyModel) {
        if let connectTimeout { model.connectTimeout = connectTimeout }
        if let timeout { model.timeout = timeout }
        if let forwardedHost { model.forwardedHost = forwardedHost }
        if let preserveHostHeader { model.preserveHostHeader = preserveHostHeader }
        if let failureBackoff { model.failureBackoff = failureBackoff }
        if let maxIdleConnections { model.maxIdleConnections = maxIdleConnections }
        if let upstreamCertificateAuthorities { model.upstreamCertificateAuthorities = upstreamCertificateAuthorities }
        for farm in webFarms {
            model.webFarms.removeAll { $0.name.lowercased() == farm.name.lowercased() }
            model.webFarms.append(farm)
        }
    }
}
