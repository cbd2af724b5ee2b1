/// The environment of IIRF's offline TestDriver (v2.x/TestDriver/TestDriver.c), reproduced:
///
/// * a bare path is prefixed with `http://www.example.com`; `https://` input sets HTTPS on;
/// * SERVER_PORT is 443 for https and 80 otherwise (an explicit port in the URL is not used);
/// * only QUERY_STRING, URL, HTTPS, HTTP_HOST and SERVER_PORT are known; other server variables
///   are empty (the driver printed a warning; `unsupportedLookups` records them);
/// * the physical path (`REQUEST_FILENAME`) is the fixed string `c:\files\docroot?`;
/// * the request method is GET and the URL is matched as given (the driver did not URL-decode).
public final class DriverEnvironment: RewriteEnvironment {
    public let scheme: String
    public let host: String
    public let explicitPort: Int?
    /// Path and query, as the driver passed them to the engine.
    public let target: String
    public let path: String
    public let query: String
    public static let physicalPath = "c:\\files\\docroot?"
    /// Server variables the rules asked for that the TestDriver did not support.
    public private(set) var unsupportedLookups: [String] = []

    /// Cracks `url` as the driver did; nil when it cannot be parsed.
    public init?(url: String) {
        var rest = Substring(url)
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            scheme = lower.hasPrefix("https://") ? "https" : "http"
            rest = rest.dropFirst(scheme.count + 3)
        } else {
            scheme = "http"
            rest = "www.example.com" + rest
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty else { return nil }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            guard let port = Int(authority[authority.index(after: colon)...]) else { return nil }
            explicitPort = port
        } else {
            host = String(authority)
            explicitPort = nil
        }
        var remainder = rest[authorityEnd...]
        if let hash = remainder.firstIndex(of: "#") { remainder = remainder[..<hash] }
        target = remainder.isEmpty || remainder.first == "?" ? "/" + remainder : String(remainder)
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = ""
        }
    }

    public func serverVariable(_ name: String) -> String? {
        switch name.uppercased() {
        case "QUERY_STRING": return query
        case "URL": return path
        case "HTTPS": return scheme == "https" ? "on" : "off"
        case "HTTP_HOST": return host
        case "SERVER_PORT": return scheme == "https" ? "443" : "80"
        case "REQUEST_FILENAME": return Self.physicalPath
        case "REQUEST_URI": return target
        default:
            if !unsupportedLookups.contains(name) { unsupportedLookups.append(name) }
            return nil
        }
    }

    public func requestHeader(_ name: String) -> String? {
        switch name.lowercased() {
        case "url": path
        case "method": "GET"
        case "host:": explicitPort.map { "\(host):\($0)" } ?? host
        default: nil
        }
    }
}
