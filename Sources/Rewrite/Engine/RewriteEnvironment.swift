#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the engine may ask about the request it rewrites, so it can run inside the filter or
/// offline (the tester, the IIRF TestDriver emulation) alike.
///
/// Names are IIS server-variable names (`URL`, `QUERY_STRING`, `HTTPS`, `HTTP_HOST`, `SERVER_NAME`,
/// `SERVER_PORT`, `REQUEST_URI`, `REQUEST_FILENAME`, `REMOTE_ADDR`, `LOCAL_ADDR`...); headers use
/// the filter API's form (`User-Agent:`, or the pseudo-headers `url` and `method`).
public protocol RewriteEnvironment {
    /// The value of a server variable, nil when the host does not know it (it then expands to "").
    func serverVariable(_ name: String) -> String?
    /// A request header (`Referer:`) or pseudo-header (`url`), nil when absent.
    func requestHeader(_ name: String) -> String?
    /// IIRF `RewriteHeader`: replace a request header (or `url` / `method`).
    func setRequestHeader(_ name: String, _ value: String)
    /// What `path` names on disk, for `-d`, `-f`, `-s`, `-x` (links followed) and `-l` (not).
    func fileKind(atPath path: String, followingLinks: Bool) -> FileKind
    /// mod_rewrite `%{ENV:name}` when no `[E]` of this evaluation set it.
    func environmentVariable(_ name: String) -> String?
    /// Seconds since the epoch, for the `TIME*` variables.
    func currentTime() -> Int
}

extension RewriteEnvironment {
    public func setRequestHeader(_ name: String, _ value: String) {}

    /// The real file system.
    public func fileKind(atPath path: String, followingLinks: Bool) -> FileKind {
        FileAccess.kind(path, followLinks: followingLinks)
    }

    public func environmentVariable(_ name: String) -> String? { nil }

    public func currentTime() -> Int { Int(time(nil)) }
}

/// The outcome of evaluating a rule set for one request.
public enum RewriteDecision: Sendable, Equatable, CustomStringConvertible {
    /// No rule changed the URL.
    case unchanged
    /// The URL was rewritten; the new URL (path and query) is the evaluator's `result`.
    case rewritten
    /// Answer with this 3xx status; the target is the evaluator's `result` (IIRF: as the rule
    /// produced it, possibly relative; mod_rewrite: absolute, escaped as httpd does).
    case redirect(status: Int)
    /// Answer with this status and no body (403 `[F]`, 404 `[NF]`, 410 `[G]`, other `[R=4xx]`,
    /// 400 for a mod_rewrite result that is not a URL path).
    case respond(status: Int)
    /// Forward the request to the URL in `result` (`ProxyPass`, `[P]`).
    case proxy
    /// IIRF's status page was requested.
    case statusInquiry
    /// The rules looped past the limit (mod_rewrite `[N]` rounds, or a URL grown past 16 KiB):
    /// the caller answers 500 and logs.
    case loopLimitExceeded
    /// IIS AbortRequest: drop the connection without an answer.
    case abortRequest

    public var description: String {
        switch self {
        case .unchanged: "unchanged"
        case .rewritten: "rewritten"
        case .redirect(let status): "redirect \(status)"
        case .respond(let status): "respond \(status)"
        case .proxy: "proxy"
        case .statusInquiry: "status inquiry"
        case .loopLimitExceeded: "loop limit exceeded"
        case .abortRequest: "abort request"
        }
    }
}

/// One request as the engine sees it.
public struct RewriteRequest: Sendable {
    /// The request target as the client sent it: path and query, still percent-encoded.
    public var target: String
    /// IIRF: decode the URL before matching (the filter passes the rules' `UrlDecoding`; the IIRF
    /// TestDriver did not decode). Ignored by mod_rewrite, which always matches the decoded path.
    public var decodeURL: Bool

    public init(target: String, decodeURL: Bool) {
        self.target = target
        self.decodeURL = decodeURL
    }
}
