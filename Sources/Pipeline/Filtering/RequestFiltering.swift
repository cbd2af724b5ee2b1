/// IIS request filtering (`system.webServer/security/requestFiltering`): what a request may look
/// like before any filter or module sees it. The defaults are the IIS schema's defaults; checked by
/// `refusal(for:)`, answered with IIS's 404 substatus codes (docs/security.md).
public struct RequestFiltering: Sendable, Equatable {
    /// When false (the default), a path that a second decoding would change is refused (404.11).
    public var allowDoubleEscaping: Bool
    /// When false, a path with non-ASCII characters is refused (404.12). Default true.
    public var allowHighBitCharacters: Bool
    /// `fileExtensions`: an extension such as `.config`, lower-cased, to allowed or not (404.7).
    public var fileExtensions: ListedRule
    /// `verbs`: a method to allowed or not (404.6). Methods are case-sensitive.
    public var verbs: ListedRule
    /// `hiddenSegments`: path segments that are never served, compared ignoring case (404.8).
    public var hiddenSegments: [String]
    /// `denyUrlSequences`: substrings no URL may hold, compared ignoring case (404.5).
    public var denyURLSequences: [String]
    /// `requestLimits maxAllowedContentLength`, bytes (404.13). IIS default 30,000,000.
    public var maxAllowedContentLength: Int
    /// `requestLimits maxUrl`: bytes of the path as sent (404.14). IIS default 4096.
    public var maxURL: Int
    /// `requestLimits maxQueryString`: bytes of the query as sent (404.15). IIS default 2048.
    public var maxQueryString: Int
    /// `serverRuntime maxRequestEntityAllowed`: body bytes (413). IIS default 4294967295.
    public var maxRequestEntityAllowed = 4_294_967_295
    /// `hiddenSegments applyToWebDAV` and `fileExtensions applyToWebDAV` (default true): false
    /// lets WebDAV methods past the list.
    public var hiddenSegmentsApplyToWebDAV = true
    public var fileExtensionsApplyToWebDAV = true
    /// `alwaysAllowedUrls`: paths `denyUrlSequences` does not judge (compared ignoring case).
    public var alwaysAllowedURLs: [String] = []
    /// `alwaysAllowedQueryStrings`: query strings `denyQueryStringSequences` does not judge.
    public var alwaysAllowedQueryStrings: [String] = []
    /// `denyQueryStringSequences`: substrings no query string may hold, ignoring case (404.18).
    public var denyQueryStringSequences: [String] = []
    /// `unescapeQueryString` (default true): query scans look at the query decoded too.
    public var unescapeQueryString = true
    /// `requestLimits/headerLimits`: the most bytes a header's value may have (404.10).
    public var headerLimits: [HeaderLimit] = []
    /// `filteringRules` (404.19).
    public var filteringRules: [FilteringRule] = []

    /// `headerLimits/add header sizeLimit`.
    public struct HeaderLimit: Sendable, Equatable {
        public var header: String
        public var sizeLimit: Int
        public init(header: String, sizeLimit: Int) {
            self.header = header
            self.sizeLimit = sizeLimit
        }
    }

    public init(allowDoubleEscaping: Bool = false, allowHighBitCharacters: Bool = true,
                fileExtensions: ListedRule = ListedRule(), verbs: ListedRule = ListedRule(),
                hiddenSegments: [String] = [], denyURLSequences: [String] = [],
                maxAllowedContentLength: Int = 30_000_000, maxURL: Int = 4096, maxQueryString: Int = 2048) {
        self.allowDoubleEscaping = allowDoubleEscaping
        self.allowHighBitCharacters = allowHighBitCharacters
        self.fileExtensions = fileExtensions
        self.verbs = verbs
        self.hiddenSegments = hiddenSegments
        self.denyURLSequences = denyURLSequences
        self.maxAllowedContentLength = maxAllowedContentLength
        self.maxURL = maxURL
        self.maxQueryString = maxQueryString
    }

    /// The IIS defaults: nothing listed, double escaping refused, limits 30 MB / 4096 / 2048.
    public static let `default` = RequestFiltering()

    /// A list of `<add ... allowed="true|false"/>` entries and what happens to what is not listed.
    public struct ListedRule: Sendable, Equatable {
        /// `allowUnlisted`: default true.
        public var allowUnlisted: Bool
        /// Each listed name and whether it is allowed; the first entry for a name decides.
        public var entries: [(name: String, allowed: Bool)]

        public init(allowUnlisted: Bool = true, entries: [(name: String, allowed: Bool)] = []) {
            self.allowUnlisted = allowUnlisted
            self.entries = entries
        }

        public func allows(_ name: String) -> Bool {
            entries.first { $0.name == name }?.allowed ?? allowUnlisted
        }

        public static func == (lhs: ListedRule, rhs: ListedRule) -> Bool {
            lhs.allowUnlisted == rhs.allowUnlisted && lhs.entries.elementsEqual(rhs.entries) { $0 == $1 }
        }
    }
}
