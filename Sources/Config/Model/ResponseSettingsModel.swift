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

    public init() {}
}
