import Pipeline

/// Why a forwarded request got no (complete) answer from its upstream, and what the client gets.
enum ProxyFailure: Error, Equatable, CustomStringConvertible {
    /// The target URL cannot be forwarded to.
    case badTarget(url: String, reason: String)
    /// Connecting failed (refused, unreachable, name not resolved).
    case connectFailed(String)
    /// The connection was not established within the connect timeout.
    case connectTimedOut
    /// No response head (or no more body) within the response timeout.
    case responseTimedOut
    /// The upstream closed the connection or broke HTTP before its response was complete.
    case upstreamBroke(String)
    /// The TLS handshake with an https upstream failed (its certificate is not trusted, or does not
    /// name the host, or TLS is not available).
    case tlsFailed(String)
    /// The client's streamed body did not arrive whole: over a limit (413), too slowly (408), or
    /// the client stopped sending it (400); the upstream request was aborted.
    case requestBodyIncomplete(RequestBodyStream.Failure)

    /// 504 for timeouts, 502 for everything else.
    var status: Int {
        switch self {
        case .connectTimedOut, .responseTimedOut: 504
        case .requestBodyIncomplete(.tooLarge): 413
        case .requestBodyIncomplete(.timedOut): 408
        case .requestBodyIncomplete(.clientGone): 400
        default: 502
        }
    }

    /// Whether the upstream server itself looks down (for the web farm's passive health).
    var marksServerDown: Bool {
        switch self {
        case .connectFailed, .connectTimedOut, .responseTimedOut: true
        default: false
        }
    }

    var description: String {
        switch self {
        case .badTarget(let url, let reason): "cannot forward to '\(url)': \(reason)"
        case .connectFailed(let why): "connection failed: \(why)"
        case .connectTimedOut: "connection timed out"
        case .responseTimedOut: "response timed out"
        case .upstreamBroke(let why): "upstream broke the response: \(why)"
        case .tlsFailed(let why): "TLS with the upstream failed: \(why)"
        case .requestBodyIncomplete(.tooLarge(let limit)): "the request body is larger than the \(limit) bytes the server allows"
        case .requestBodyIncomplete(.timedOut): "the request body arrived too slowly"
        case .requestBodyIncomplete(.clientGone): "the client did not send the whole request body"
        }
    }
}
