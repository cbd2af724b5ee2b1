import NIOCore
import Pipeline

/// A request the server answers itself, before or instead of the pipeline, always closing the
/// connection afterwards. Each body says what the client should change.
enum ProtocolError: Error, Equatable {
    case malformed(String)
    /// HTTP/1.1 without Host, or any request with two (RFC 9112 section 3.2).
    case badHost(String)
    /// CONNECT asks an origin server for a tunnel: refused with 501 and closed (decision recorded in docs/security.md).
    case connectRefused
    case headersTooLarge(limit: Int)
    case bodyTooLarge(limit: Int)
    case versionNotSupported(String)
    case requestTimeout
    case overloaded(limit: Int)
    /// A method token the HTTP parser does not know (the pipeline answers known-but-unserved ones).
    /// The parser cannot tell `FOO / HTTP/1.1` from other text in that place; both get 501 (RFC 9112:
    /// a method token the server does not implement) and the connection closes.
    case methodNotImplemented
    /// The client's address already holds `ServerLimits.maxConnectionsPerAddress` connections.
    case addressOverloaded(limit: Int)

    var status: Int {
        switch self {
        case .malformed, .badHost: 400
        case .requestTimeout: 408
        case .bodyTooLarge: 413
        case .headersTooLarge: 431
        case .overloaded, .addressOverloaded: 503
        case .methodNotImplemented, .connectRefused: 501
        case .versionNotSupported: 505
        }
    }

    var reason: String {
        switch self {
        case .malformed, .badHost: "Bad Request"
        case .requestTimeout: "Request Timeout"
        case .bodyTooLarge: "Content Too Large"
        case .headersTooLarge: "Request Header Fields Too Large"
        case .overloaded, .addressOverloaded: "Service Unavailable"
        case .methodNotImplemented, .connectRefused: "Not Implemented"
        case .versionNotSupported: "HTTP Version Not Supported"
        }
    }

    var message: String {
        switch self {
        case .malformed(let detail):
            "400 Bad Request: the request line or headers could not be parsed (\(detail)). Send a well-formed HTTP/1.1 request."
        case .badHost(let detail):
            "400 Bad Request: \(detail). Send exactly one Host header naming the site (HTTP/1.1 requires it)."
        case .connectRefused:
            "501 Not Implemented: CONNECT is not supported: it asks for a tunnel, and this server is an origin server, not a proxy. Send the request itself (GET, POST, ...) to this server."
        case .headersTooLarge(let limit):
            "431 Request Header Fields Too Large: the request line and headers exceed \(limit) bytes. Send fewer or shorter headers (cookies are the usual culprit) or a shorter URL."
        case .bodyTooLarge(let limit):
            "413 Content Too Large: the request body exceeds \(limit) bytes. Send a smaller body."
        case .versionNotSupported(let version):
            "505 HTTP Version Not Supported: \(version) is not served here. Use HTTP/1.1 or HTTP/1.0."
        case .requestTimeout:
            "408 Request Timeout: the request did not arrive completely in time. Send the whole request without pausing."
        case .methodNotImplemented:
            "501 Not Implemented: the request method is not one this server implements (or the request line is not HTTP). Use GET, HEAD or a method the site's handlers name."
        case .addressOverloaded(let limit):
            "503 Service Unavailable: your address already has \(limit) open connections to this server. Close some or reuse a keep-alive connection."
        case .overloaded(let limit):
            "503 Service Unavailable: the server already has \(limit) open connections. Retry later or reuse a keep-alive connection."
        }
    }

    /// The complete response, with `Connection: close`, through the one response writer.
    func write(date: String, into buffer: inout ByteBuffer) {
        let body = Array((message + "\n").utf8)
        var headers = HeaderList([("Content-Type", "text/plain; charset=utf-8")])
        if status == 503 { headers.add("Retry-After", "1") }
        let head = ResponseHead(version: .http1_1, status: status, reason: reason, headers: headers,
                                contentLength: body.count, isHead: false, keepAlive: false)
        buffer.writeBytes(HTTPResponseSerializer.head(head, keepAlive: false, date: date))
        buffer.writeBytes(body)
    }
}
