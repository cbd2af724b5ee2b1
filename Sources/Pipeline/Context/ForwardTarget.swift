/// Where a request is sent instead of being served here: an absolute `http://` URL that a reverse
/// proxy handler forwards the request to (mod_rewrite `[P]`, IIRF `ProxyPass`, the URL Rewrite
/// module's Rewrite action to an absolute URL). The rewrite code records it on the request with
/// `HttpContext.forward(to:)`; the site's forwarding module (a `ModuleRegistration` with
/// `executesForwardedRequests`) executes the request at ExecuteRequestHandler.
public struct ForwardTarget: Sendable, Equatable {
    /// `http://host[:port]/path?query`. The host may name a web farm of the proxy handler.
    public var url: String
    /// IIRF `ProxyPassReverse`: `Location`/`Content-Location` of the upstream's answer that start
    /// with `upstreamPrefix` are given `localPrefix` instead.
    public var reverseMappings: [ReverseMapping]
    /// IIRF `[PH]`/`ProxyPreserveHost`: true sends the client's `Host`; nil uses the handler's setting.
    public var preserveHost: Bool?

    public init(url: String, reverseMappings: [ReverseMapping] = [], preserveHost: Bool? = nil) {
        self.url = url
        self.reverseMappings = reverseMappings
        self.preserveHost = preserveHost
    }
}

/// One `ProxyPassReverse local upstream` pair.
public struct ReverseMapping: Sendable, Equatable {
    /// The path (or absolute URL) the client sees, e.g. `/app/`.
    public var localPrefix: String
    /// The absolute URL the upstream answers with, e.g. `http://backend:8080/`.
    public var upstreamPrefix: String

    public init(localPrefix: String, upstreamPrefix: String) {
        self.localPrefix = localPrefix
        self.upstreamPrefix = upstreamPrefix
    }
}
