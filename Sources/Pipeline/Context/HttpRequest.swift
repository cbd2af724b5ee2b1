/// The request as modules and filters see and change it (`IHttpRequest`).
public final class HttpRequest {
    public var method: String
    /// The request target as the client sent it (path and query, still encoded).
    public let originalTarget: String
    /// The current request target; changes with `setURL`. Still encoded as sent or as set: what
    /// `HTTP_URL` and a filter's `url` header show.
    public private(set) var target: String
    /// The canonical form of `target`'s path: what every module, filter, rule and handler decides on.
    public private(set) var canonicalPath: CanonicalPath
    /// The query string of `target`, without `?`.
    public private(set) var query: String
    public var version: HTTPVersion
    public var headers: HeaderList
    /// The body: read completely by the server before the pipeline runs, or, when it streams
    /// (`bodyStream`), what the stage machine collected before a module that reads bodies ran.
    public internal(set) var body: [UInt8]
    /// The body still arriving when the request entered the pipeline (`RequestBodyStream`).
    public let bodyStream: RequestBodyStream?
    var bodyReadOffset = 0
    /// `GetUrlChanged`.
    public private(set) var urlChanged = false
    /// Counts URL changes, so the stage machine knows when request filtering must look again.
    private(set) var urlGeneration = 0

    init(method: String, target: String, version: HTTPVersion, headers: HeaderList, body: [UInt8],
         bodyStream: RequestBodyStream? = nil) throws(RequestError) {
        self.bodyStream = bodyStream
        self.method = method
        self.originalTarget = target
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        let parts = PercentEncoding.split(target: target)
        self.canonicalPath = try CanonicalPath(raw: parts.path)
        self.query = String(parts.query)
    }

    /// The decoded canonical path (`URL` / `SCRIPT_NAME`).
    public var path: String { canonicalPath.decoded }

    /// The canonical path, encoded, with the query: what rewrite rules match and rewrite.
    public var canonicalTarget: String { query.isEmpty ? canonicalPath.encoded : canonicalPath.encoded + "?" + query }

    /// `SetUrl`: replaces the target; the new path is made canonical like a received one. With
    /// `resetQueryString` false, a URL without a query keeps the current one. Returns false (and
    /// changes nothing) when the URL cannot be made canonical (bad escape, NUL, above the root).
    @discardableResult
    public func setURL(_ url: String, resetQueryString: Bool = true) -> Bool {
        let parts = PercentEncoding.split(target: url)
        guard let canonical = try? CanonicalPath(raw: parts.path) else { return false }
        let newQuery = parts.query.isEmpty && !resetQueryString && !url.contains("?") ? query : String(parts.query)
        canonicalPath = canonical
        query = newQuery
        target = query.isEmpty ? String(parts.path) : "\(parts.path)?\(query)"
        urlChanged = true
        urlGeneration += 1
        return true
    }

    /// `InsertEntityBody`: `bytes` are read (by ReadEntityBody) before the unread rest of the body.
    public func insertEntityBody(_ bytes: [UInt8]) {
        body = bytes + body[bodyReadOffset...]
        bodyReadOffset = 0
    }

    /// Body bytes the client sent: those of a streamed body as they arrived, else the body's.
    public var bodyBytesReceived: Int { bodyStream?.receivedBytes ?? body.count }

    /// `GetRemainingEntityBytes`.
    public var remainingEntityBytes: Int { body.count - bodyReadOffset }

    /// Whether the client asked to keep the connection open after this request.
    public var wantsKeepAlive: Bool {
        let isHTTP10 = version.major == 1 && version.minor == 0
        guard let value = headers["Connection"] else { return !isHTTP10 }
        // Hot path (runs several times per request): an ASCII byte scan. Non-ASCII values keep the
        // Unicode-aware lowercase-and-search, so the answer is the same for every input.
        guard value.utf8.allSatisfy({ $0 < 0x80 }) else {
            let connection = value.lowercased()
            return isHTTP10 ? connection.contains("keep-alive") : !connection.contains("close")
        }
        return isHTTP10 ? Self.asciiContains(value, "keep-alive") : !Self.asciiContains(value, "close")
    }

    /// Whether `text` contains `lowercaseNeedle` (lower-case ASCII), ignoring ASCII case.
    private static func asciiContains(_ text: String, _ lowercaseNeedle: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: lowercaseNeedle.utf8Start, count: lowercaseNeedle.utf8CodeUnitCount)
        func scan(_ haystack: UnsafeBufferPointer<UInt8>) -> Bool {
            guard haystack.count >= needle.count else { return false }
            for start in 0...(haystack.count - needle.count) {
                var offset = 0
                while offset < needle.count && HeaderList.lower(haystack[start + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            return false
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(scan) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(scan)
    }
}

/// An HTTP protocol version.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http2 = HTTPVersion(major: 2, minor: 0)
    /// `HTTP/1.1`; HTTP/2 as IIS names it in `SERVER_PROTOCOL` and its logs: `HTTP/2`.
    public var description: String { major >= 2 ? "HTTP/\(major)" : "HTTP/\(major).\(minor)" }
}

/// Why a request target cannot be made canonical: the request is answered 400 and never enters
/// the pipeline.
public enum RequestError: Error, Equatable, CustomStringConvertible {
    case malformedURL(String)
    /// `%00` (or a raw NUL) in the path.
    case nulInURL(String)
    /// More `..` segments than there are segments before them.
    case pathAboveRoot(String)

    public var description: String {
        switch self {
        case .malformedURL(let url): "malformed percent-escape in request URL '\(url)'; escape '%' as %25"
        case .nulInURL(let url): "request URL '\(url)' contains a NUL byte (%00), which no path may hold"
        case .pathAboveRoot(let url): "request URL '\(url)' climbs above the site root with '..'"
        }
    }
}
