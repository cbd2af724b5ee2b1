/// Why the pipeline itself answers a request instead of its handler: request filtering, the
/// method, or no handler mapping. Each case carries IIS's status and substatus and a short text
/// that says what to change (docs/security.md lists them).
public enum RequestRefusal: Sendable, Equatable, CustomStringConvertible {
    /// 404.5: the URL holds a `denyUrlSequences` entry.
    case deniedSequence(String)
    /// 404.6: `verbs` does not allow the method.
    case verbDenied(String)
    /// 404.7: `fileExtensions` does not allow the extension.
    case fileExtensionDenied(String)
    /// 404.8: a path segment is in `hiddenSegments`.
    case hiddenSegment(String)
    /// 404.11: the path is still escaped after decoding (`%25xx`) or holds `+`.
    case doubleEscaped
    /// 404.12: non-ASCII characters while `allowHighBitCharacters` is false.
    case highBitCharacters
    /// 404.13: the body is longer than `maxAllowedContentLength`.
    case contentTooLong(length: Int, limit: Int)
    /// 404.14: the path as sent is longer than `maxUrl`.
    case urlTooLong(length: Int, limit: Int)
    /// 404.15: the query string is longer than `maxQueryString`.
    case queryStringTooLong(length: Int, limit: Int)
    /// 404.10: a header is longer than its `headerLimits` entry allows.
    case headerTooLong(header: String, length: Int, limit: Int)
    /// 404.18: the query string holds a `denyQueryStringSequences` entry.
    case deniedQuerySequence(String)
    /// 404.19: a `filteringRules` rule found one of its strings.
    case filteringRule(String, found: String)
    /// 413: the body is longer than `serverRuntime maxRequestEntityAllowed`.
    case entityTooLarge(length: Int, limit: Int)
    /// 500.21: the handler's module does not run in this directory (a web.config removed it).
    case removedHandlerModule(handler: String, module: String)
    /// 404.4: no `<handlers>` entry matches the path.
    case noHandler
    /// 405: a `<handlers>` entry matches the path, but not for this method.
    case methodNotAllowed(method: String, allowed: [String])
    /// 501: a method this server does not know (not HTTP, WebDAV, nor named in the configuration).
    case unknownMethod(String)
    /// 501 and close: this server is not a proxy; bytes after a CONNECT head may be a tunnel.
    case connect

    public var status: Int {
        switch self {
        case .methodNotAllowed: 405
        case .entityTooLarge: 413
        case .removedHandlerModule: 500
        case .unknownMethod, .connect: 501
        default: 404
        }
    }

    public var subStatus: Int {
        switch self {
        case .noHandler: 4
        case .deniedSequence: 5
        case .verbDenied: 6
        case .fileExtensionDenied: 7
        case .hiddenSegment: 8
        case .doubleEscaped: 11
        case .highBitCharacters: 12
        case .contentTooLong: 13
        case .urlTooLong: 14
        case .queryStringTooLong: 15
        case .headerTooLong: 10
        case .deniedQuerySequence: 18
        case .filteringRule: 19
        case .removedHandlerModule: 21
        case .methodNotAllowed, .unknownMethod, .connect, .entityTooLarge: 0
        }
    }

    /// The `Allow` header a 405 carries.
    public var allowHeader: String? {
        guard case .methodNotAllowed(_, let allowed) = self else { return nil }
        return allowed.joined(separator: ", ")
    }

    /// Whether the connection closes after the answer.
    public var closesConnection: Bool { self == .connect }

    /// What was refused and what to change, for the response body and the server log.
    public var description: String {
        switch self {
        case .deniedSequence(let sequence):
            "the URL contains '\(sequence)', which requestFiltering/denyUrlSequences denies"
        case .verbDenied(let method):
            "the method \(method) is denied by requestFiltering/verbs"
        case .fileExtensionDenied(let ext):
            "files with the extension '\(ext)' are denied by requestFiltering/fileExtensions"
        case .hiddenSegment(let segment):
            "the path segment '\(segment)' is hidden by requestFiltering/hiddenSegments"
        case .doubleEscaped:
            "the URL is double-escaped (an escape such as %25xx, or '+', in the path); send it escaped once, or set requestFiltering allowDoubleEscaping=\"true\""
        case .highBitCharacters:
            "the URL contains non-ASCII characters, which requestFiltering allowHighBitCharacters=\"false\" denies"
        case .contentTooLong(let length, let limit):
            "the request body has \(length) bytes; requestLimits maxAllowedContentLength allows \(limit)"
        case .urlTooLong(let length, let limit):
            "the URL path has \(length) bytes; requestLimits maxUrl allows \(limit)"
        case .queryStringTooLong(let length, let limit):
            "the query string has \(length) bytes; requestLimits maxQueryString allows \(limit)"
        case .headerTooLong(let header, let length, let limit):
            "the request header '\(header)' has \(length) bytes; requestLimits/headerLimits allows \(limit)"
        case .deniedQuerySequence(let sequence):
            "the query string contains '\(sequence)', which requestFiltering/denyQueryStringSequences denies"
        case .filteringRule(let rule, let found):
            "the request contains '\(found)', which the requestFiltering/filteringRules rule '\(rule)' denies"
        case .entityTooLarge(let length, let limit):
            "the request body has \(length) bytes; serverRuntime maxRequestEntityAllowed allows \(limit)"
        case .removedHandlerModule(let handler, let module):
            "the handler '\(handler)' needs the module '\(module)', which <modules> removes for this directory"
        case .noHandler:
            "no <handlers> entry matches this path"
        case .methodNotAllowed(let method, let allowed):
            "\(method) is not allowed here; use \(allowed.joined(separator: " or "))"
        case .unknownMethod(let method):
            "the method '\(method)' is not implemented by this server"
        case .connect:
            "CONNECT is not supported: this server is not a proxy"
        }
    }
}
