/// `system.webServer/security/requestFiltering` for one site, after the server level and the
/// site's `<location>` edits. Absent attributes and elements keep the IIS schema defaults.
public struct RequestFilteringModel: Sendable, Equatable {
    public var allowDoubleEscaping = false
    public var allowHighBitCharacters = true
    /// `fileExtensions allowUnlisted`.
    public var fileExtensionsAllowUnlisted = true
    /// `fileExtensions/add fileExtension allowed`; names lower-cased, with their dot.
    public var fileExtensions: [ListedName] = []
    /// `verbs allowUnlisted`.
    public var verbsAllowUnlisted = true
    /// `verbs/add verb allowed`.
    public var verbs: [ListedName] = []
    /// `hiddenSegments/add segment`.
    public var hiddenSegments: [String] = []
    /// `denyUrlSequences/add sequence`.
    public var denyURLSequences: [String] = []
    /// `requestLimits maxAllowedContentLength` (bytes).
    public var maxAllowedContentLength = 30_000_000
    /// `requestLimits maxUrl` (bytes).
    public var maxURL = 4096
    /// `requestLimits maxQueryString` (bytes).
    public var maxQueryString = 2048
    /// `hiddenSegments applyToWebDAV`, `fileExtensions applyToWebDAV`.
    public var hiddenSegmentsApplyToWebDAV = true
    public var fileExtensionsApplyToWebDAV = true
    /// `unescapeQueryString`.
    public var unescapeQueryString = true
    /// `alwaysAllowedUrls/add url`.
    public var alwaysAllowedURLs: [String] = []
    /// `alwaysAllowedQueryStrings/add queryString`.
    public var alwaysAllowedQueryStrings: [String] = []
    /// `denyQueryStringSequences/add sequence`.
    public var denyQueryStringSequences: [String] = []
    /// `requestLimits/headerLimits/add header sizeLimit`.
    public var headerLimits: [HeaderLimitEntry] = []
    /// `filteringRules/filteringRule`.
    public var filteringRules: [FilteringRuleEntry] = []

    public init() {}
}

/// `<headerLimits><add header="Content-Type" sizeLimit="100"/>`.
public struct HeaderLimitEntry: Sendable, Equatable {
    public var header: String
    public var sizeLimit: Int

    public init(header: String, sizeLimit: Int) {
        self.header = header
        self.sizeLimit = sizeLimit
    }
}

/// `<filteringRule name scanUrl scanQueryString scanAllRaw denyUnescapedPercent>` with its
/// `scanHeaders`, `appliesTo` and `denyStrings` lists.
public struct FilteringRuleEntry: Sendable, Equatable {
    public var name: String
    public var scanURL = false
    public var scanQueryString = false
    public var scanAllRaw = false
    public var denyUnescapedPercent = false
    public var scanHeaders: [String] = []
    public var appliesTo: [String] = []
    public var denyStrings: [String] = []

    public init(name: String) { self.name = name }
}

/// An `<add ... allowed="true|false"/>` entry of `fileExtensions` or `verbs`.
public struct ListedName: Sendable, Equatable {
    public var name: String
    public var allowed: Bool

    public init(name: String, allowed: Bool) {
        self.name = name
        self.allowed = allowed
    }
}
