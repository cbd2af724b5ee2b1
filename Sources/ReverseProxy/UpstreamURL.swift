/// An absolute `http://` URL a request is forwarded to, split into what the proxy needs.
struct UpstreamURL: Equatable {
    /// The authority as written (`host[:port]`): a web farm's name, or the server itself.
    var authority: String
    /// Path and query, starting with `/`.
    var pathAndQuery: String

    /// Nil when `text` is no absolute `http://` URL (the reason is in `problem(with:)`).
    init?(_ text: String) {
        guard Self.problem(with: text) == nil else { return nil }
        let rest = text.dropFirst("http://".count)
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        authority = String(rest[..<slash])
        let tail = rest[slash...]
        pathAndQuery = tail.isEmpty ? "/" : tail.hasPrefix("?") ? "/" + tail : String(tail)
    }

    /// Why `text` cannot be forwarded to, or nil when it can.
    static func problem(with text: String) -> String? {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https://") {
            return "https upstreams are not supported (forward to http:// on a trusted network)"
        }
        guard lowered.hasPrefix("http://") else { return "not an absolute http:// URL" }
        let rest = text.dropFirst("http://".count)
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
