/// An absolute `http://` or `https://` URL a request is forwarded to, split into what the proxy needs.
struct UpstreamURL: Equatable {
    /// `https://`: the connection to the upstream speaks TLS.
    var secure: Bool
    /// The authority as written (`host[:port]`): a web farm's name, or the server itself.
    var authority: String
    /// Path and query, starting with `/`.
    var pathAndQuery: String

    /// Nil when `text` is no absolute `http://` or `https://` URL (the reason is in `problem(with:)`).
    init?(_ text: String) {
        guard Self.problem(with: text) == nil else { return nil }
        secure = text.lowercased().hasPrefix("https://")
        let rest = text.dropFirst(secure ? "https://".count : "http://".count)
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        authority = String(rest[..<slash])
        let tail = rest[slash...]
        pathAndQuery = tail.isEmpty ? "/" : tail.hasPrefix("?") ? "/" + tail : String(tail)
    }

    /// `http://` or `https://`.
    var scheme: String { secure ? "https://" : "http://" }

    /// The port an authority without one means.
    var defaultPort: Int { secure ? 443 : 80 }

    /// Why `text` cannot be forwarded to, or nil when it can.
    static func problem(with text: String) -> String? {
        let lowered = text.lowercased()
        let schemeLength: Int
        if lowered.hasPrefix("https://") {
            schemeLength = "https://".count
        } else if lowered.hasPrefix("http://") {
            schemeLength = "http://".count
        } else {
            return "not an absolute http:// or https:// URL"
        }
        let rest = text.dropFirst(schemeLength)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if authority.isEmpty { return "the URL names no host" }
        if authority.contains("@") { return "user information in the URL is not supported" }
        return nil
    }

    /// The URL with `pathAndQuery` appended to this one's path (a handler's base URL and the
    /// request's target): `http://b/app` + `/x?y` is `http://b/app/x?y`.
    func appending(_ target: String) -> UpstreamURL {
        var copy = self
        var base = pathAndQuery
        if let question = base.firstIndex(of: "?") { base = String(base[..<question]) }
        while base.hasSuffix("/") { base.removeLast() }
        copy.pathAndQuery = base + (target.hasPrefix("/") ? target : "/" + target)
        return copy
    }
}
