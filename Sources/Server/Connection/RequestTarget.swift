/// Request-target forms (RFC 9112 section 3.2) as the pipeline wants them.
enum RequestTarget {
    /// `http://host/path?q` (absolute-form, which servers must accept) becomes `/path?q`;
    /// origin-form and everything else pass through unchanged.
    static func originForm(_ target: String) -> String {
        guard let first = target.utf8.first, first != UInt8(ascii: "/") else { return target }
        let lower = target.prefix(8).lowercased()
        let schemeLength: Int
        if lower.hasPrefix("http://") {
            schemeLength = 7
        } else if lower.hasPrefix("https://") {
            schemeLength = 8
        } else {
            return target
        }
        let afterScheme = target.dropFirst(schemeLength)
        guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let rest = afterScheme[slash...]
        return rest.first == "?" ? "/" + rest : String(rest)
    }

    /// The authority of an absolute-form target (`http://rewrite.localhost:8080/x` gives
    /// `rewrite.localhost:8080`); nil for origin-form. It chooses the site and replaces Host
    /// (RFC 9112 section 3.2.2).
    static func authority(_ target: String) -> String? {
        guard let first = target.utf8.first, first != UInt8(ascii: "/") else { return nil }
        let lower = target.prefix(8).lowercased()
        let schemeLength = lower.hasPrefix("http://") ? 7 : lower.hasPrefix("https://") ? 8 : 0
        guard schemeLength > 0 else { return nil }
        let afterScheme = target.dropFirst(schemeLength)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // Userinfo is not part of the host (`http://user@host/`).
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        return host.isEmpty ? nil : String(host)
    }
}
