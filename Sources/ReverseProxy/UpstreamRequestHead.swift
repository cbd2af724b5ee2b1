import NIOHTTP1
import Pipeline

/// The head sent to the upstream for a client's request: the client's headers without the
/// hop-by-hop ones, `Host` (the client's, or the upstream's), `X-Forwarded-For` (appended),
/// `X-Forwarded-Proto`, `X-Forwarded-Host` (if enabled), `Via` (appended) and the body's length
/// (`bodyLength` nil: a streamed body of unknown length, sent chunked).
enum UpstreamRequestHead {
    static func make(method: String, target: String, headers clientHeaders: HeaderList, upstream: UpstreamAddress,
                     upstreamDefaultPort: Int = 80, connection: ConnectionInfo, bodyLength: Int?, preserveHost: Bool,
                     settings: ReverseProxySettings) -> HTTPRequestHead {
        let dropped = HopByHopHeaders.dropped(connection: clientHeaders.values("Connection"))
            .union(["host", "content-length", "expect", "x-forwarded-proto", "x-forwarded-host"])
        var headers = HTTPHeaders()
        let clientHost = clientHeaders["Host"] ?? connection.localAuthority
        headers.add(name: "Host", value: preserveHost ? clientHost : Self.hostValue(upstream, defaultPort: upstreamDefaultPort))
        for (name, value) in clientHeaders where !dropped.contains(name.lowercased()) {
            headers.add(name: name, value: value)
        }
        let forwardedFor = headers["X-Forwarded-For"].joined(separator: ", ")
        headers.remove(name: "X-Forwarded-For")
        headers.add(name: "X-Forwarded-For", value: forwardedFor.isEmpty ? connection.remoteAddress
                                                    : forwardedFor + ", " + connection.remoteAddress)
        headers.add(name: "X-Forwarded-Proto", value: connection.isSecure ? "https" : "http")
        if settings.forwardedHost { headers.add(name: "X-Forwarded-Host", value: clientHost) }
        let via = headers["Via"].joined(separator: ", ")
        headers.remove(name: "Via")
        headers.add(name: "Via", value: (via.isEmpty ? "" : via + ", ") + "1.1 " + settings.viaName)
        if let bodyLength {
            if bodyLength > 0 || ["POST", "PUT", "PATCH"].contains(method) {
                headers.add(name: "Content-Length", value: String(bodyLength))
            }
        } else {
            headers.add(name: "Transfer-Encoding", value: "chunked")
        }
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target, headers: headers)
    }

    /// `Host` for the upstream itself: the port only when it is not the scheme's (80, or 443 for https).
    static func hostValue(_ upstream: UpstreamAddress, defaultPort: Int = 80) -> String {
        let host = upstream.host.contains(":") ? "[\(upstream.host)]" : upstream.host
        return upstream.port == defaultPort ? host : "\(host):\(upstream.port)"
    }
}
