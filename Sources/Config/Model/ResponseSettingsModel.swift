/// `system.webServer/defaultDocument`: the files tried, in order, for a URL naming a directory.
public struct DefaultDocumentModel: Sendable, Equatable {
    /// `@enabled` (IIS default true).
    public var enabled = true
    /// `files/add/@value`, in order.
    public var files: [String] = []

    public init(enabled: Bool = true, files: [String] = []) {
        self.enabled = enabled
        self.files = files
    }
}

/// `system.webServer/httpProtocol`: `customHeaders` go on every response, `redirectHeaders` on
/// redirects (3xx) only.
public struct HTTPProtocolModel: Sendable, Equatable {
    public var customHeaders: [HeaderSetting] = []
    public var redirectHeaders: [HeaderSetting] = []

    public init() {}

    public var isEmpty: Bool { customHeaders.isEmpty && redirectHeaders.isEmpty }
}

/// `<add name="X-Frame-Options" value="DENY"/>`.
public struct HeaderSetting: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// `system.webServer/staticContent`: the MIME types of static files by extension and the
/// client cache headers. When a site has mime maps, the static file handler serves only listed
/// extensions (IIS answers others with 404.3).
public struct StaticContentModel: Sendable, Equatable {
    /// `mimeMap`: lower-cased extensions with their dot, and the type.
    public var mimeMaps: [String: String] = [:]
    /// `clientCache`: the `Cache-Control` value static responses get, if any
    /// (`cacheControlMode="UseMaxAge"` with `cacheControlMaxAge`, or `DisableCache`).
    public var cacheControl: String?

    public init() {}

    public var isEmpty: Bool { mimeMaps.isEmpty && cacheControl == nil }
}

/// `system.webServer/httpRedirect`: every request of the site is redirected.
public struct HTTPRedirectModel: Sendable, Equatable {
    public var enabled = false
    public var destination = ""
    /// `exactDestination`: redirect to `destination` as written; otherwise the request's path
    /// (and query) are appended to it.
    public var exactDestination = false
    /// `childOnly`: the site root itself is not redirected.
    public var childOnly = false
    /// `httpResponseStatus`: Found (302, IIS's default), Permanent (301), Temporary (307), PermRedirect (308).
    public var status = 302
    /// The directory whose configuration set the redirect (`/` for a site): `childOnly` and the
    /// appended path (`$S`) are relative to it.
    public var scope = "/"

    public init() {}

    /// The `Location` for a request: with `exactDestination`, the destination with `$V` (the
    /// requested path), `$S` (its part below `scope`), `$Q` (`?` and the query, or nothing) and
    /// `$P` (the query without `?`) replaced; otherwise the destination with the part below
    /// `scope` and the query appended.
    public func location(path: String, query: String) -> String {
        let suffix = scope == "/" ? path : path.count >= scope.count ? String(path.dropFirst(scope.count)) : ""
        guard exactDestination else {
            var location = destination
            if location.hasSuffix("/") && suffix.hasPrefix("/") { location.removeLast() }
            return location + suffix + (query.isEmpty ? "" : "?" + query)
        }
        var out = ""
        var characters = destination.makeIterator()
        while let character = characters.next() {
            guard character == "$" else { out.append(character); continue }
            switch characters.next() {
            case "V"?, "v"?: out += path
            case "S"?, "s"?: out += suffix
            case "Q"?, "q"?: out += query.isEmpty ? "" : "?" + query
            case "P"?, "p"?: out += query
            case let other?: out.append("$"); out.append(other)
            case nil: out.append("$")
            }
        }
        return out
    }

    /// Whether a request for `path` is redirected (`childOnly` spares the directory itself).
    public func redirects(_ path: String) -> Bool {
        guard childOnly else { return true }
        let directory = scope == "/" ? "/" : scope + "/"
        return path.lowercased() != directory.lowercased() && path.lowercased() != scope.lowercased()
    }
}

/// `system.webServer/httpErrors`: custom error responses.
public struct HTTPErrorsModel: Sendable, Equatable {
    public enum Mode: String, Sendable { case custom, detailed, detailedLocalOnly }
    public enum ExistingResponse: String, Sendable { case auto, replace, passThrough }
    public enum ResponseMode: String, Sendable { case file, executeURL, redirect }

    public struct Page: Sendable, Equatable {
        public var statusCode: Int
        /// -1: any sub-status.
        public var subStatusCode: Int
        /// File mode: an absolute path (resolved), or one relative to the site's directory;
        /// ExecuteURL and Redirect: the URL as written.
        public var path: String
        public var responseMode: ResponseMode
        public var line: Int

        public init(statusCode: Int, subStatusCode: Int = -1, path: String, responseMode: ResponseMode, line: Int = 0) {
            self.statusCode = statusCode
            self.subStatusCode = subStatusCode
            self.path = path
            self.responseMode = responseMode
            self.line = line
        }
    }

    /// `errorMode` (IIS default DetailedLocalOnly: custom pages for remote clients only).
    public var mode = Mode.detailedLocalOnly
    /// `existingResponse` (IIS default Auto, read as Replace).
    public var existingResponse = ExistingResponse.auto
    public var pages: [Page] = []

    public init() {}
}
