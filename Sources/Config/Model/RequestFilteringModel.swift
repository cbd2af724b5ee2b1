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

    public init() {}
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
