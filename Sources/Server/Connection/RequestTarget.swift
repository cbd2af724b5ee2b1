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
}
