import Pipeline

/// How a listener picks the pipeline a connection runs on.
///
/// Several sites can share one `ip:port` by host name (IIS bindings `*:8080:alpha.local`,
/// `*:8080:beta.local`). The site is chosen **once per connection, from the Host header of its first
/// request**: the connection's filters, module contexts and arena belong to one site for its whole
/// life. A later request on the same keep-alive connection naming another host is still served by
/// the first site (browsers do not do that; a client that must switch hosts opens a new connection).
/// On such a shared listener the connection opens when its first request head has arrived; when a
/// site has READ_RAW_DATA filters, the raw bytes are held until the head is complete, the site is
/// chosen from the raw Host header (as HTTP.sys routes before IIS filters read), and the filters then
/// see every byte, the first head included.
public enum SiteSelection: Sendable {
    /// One pipeline for every connection: the connection opens as soon as it is accepted.
    case single(RequestPipeline)
    /// The pipeline whose host name matches the first request's Host header.
    case byHost(HostRouting)

    /// Every pipeline this selection can give (for shutdown notifications and raw-data checks).
    public var pipelines: [RequestPipeline] {
        switch self {
        case .single(let pipeline): [pipeline]
        case .byHost(let routing): routing.routes.map(\.pipeline) + [routing.fallback]
        }
    }
}

/// Host-name routes of one listener, in configuration order.
public struct HostRouting: Sendable {
    public struct Route: Sendable {
        /// Lowercased host name without port; empty matches any host.
        public var hostName: String
        public var pipeline: RequestPipeline

        public init(hostName: String, pipeline: RequestPipeline) {
            self.hostName = hostName.lowercased()
            self.pipeline = pipeline
        }
    }

    public var routes: [Route]
    /// Answers requests whose host no binding names (IIS: 400 Bad Request, Invalid Hostname).
    public var fallback: RequestPipeline

    public init(routes: [Route], fallback: RequestPipeline) {
        self.routes = routes
        self.fallback = fallback
    }

    /// The site for a Host header value (`alpha.local:8080`, `[::1]:8080`): an exact host-name binding
    /// first, then a binding with an empty host name, then the fallback.
    public func pipeline(forHost header: String?) -> RequestPipeline {
        let host = Self.hostName(header ?? "")
        if let exact = routes.first(where: { !$0.hostName.isEmpty && $0.hostName == host }) { return exact.pipeline }
        if let any = routes.first(where: { $0.hostName.isEmpty }) { return any.pipeline }
        return fallback
    }

    static func hostName(_ header: String) -> String {
        var value = Substring(header.lowercased())
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            return String(value[value.index(after: value.startIndex)..<close])
        }
        if let colon = value.lastIndex(of: ":") { value = value[..<colon] }
        if value.hasSuffix(".") { value = value.dropLast() }
        return String(value)
    }
}

/// The pipeline that answers a request naming no configured host: 400, as IIS does.
public enum InvalidHostnameSite {
    public static func pipeline(root: String = "/nonexistent") -> RequestPipeline {
        RequestPipeline(site: SiteInfo(id: 0, name: "Invalid Hostname", physicalPath: root),
                        modules: [FixedResponseModule.registration(status: 400, body: "Bad Request - Invalid Hostname\n")])
    }
}
