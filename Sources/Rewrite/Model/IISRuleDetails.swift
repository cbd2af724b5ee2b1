/// What an IIS URL Rewrite rule adds to the shared `Rule`: where it applies, how its conditions
/// combine, the server variables it sets and its action.
final class IISRuleDetails: Sendable {
    enum Action: Sendable {
        case none
        case rewrite
        case redirect(status: Int)
        case customResponse(status: Int, subStatus: Int, reason: Template, description: Template)
        case abortRequest
    }

    struct Assignment: Sendable {
        let name: String
        let value: Template
        let replace: Bool
    }

    let name: String
    /// The virtual directory the rule was defined for, `/` or `/dir/`: what is stripped from the
    /// request path before matching, and what a relative substitution is resolved against.
    let basePath: [UInt8]
    /// Directories (`/dir/`) where a child configuration cleared or removed the rule.
    let excludedDirectories: [[UInt8]]
    let stopProcessing: Bool
    /// `logicalGrouping="MatchAny"`.
    let matchAny: Bool
    let trackAllCaptures: Bool
    let appendQueryString: Bool
    /// `logRewrittenUrl`.
    let logRewrittenURL: Bool
    let assignments: [Assignment]
    let action: Action

    init(name: String, basePath: [UInt8], excludedDirectories: [[UInt8]], stopProcessing: Bool, matchAny: Bool, trackAllCaptures: Bool,
         appendQueryString: Bool, logRewrittenURL: Bool = false, assignments: [Assignment], action: Action) {
        self.name = name
        self.basePath = basePath
        self.excludedDirectories = excludedDirectories
        self.stopProcessing = stopProcessing
        self.matchAny = matchAny
        self.trackAllCaptures = trackAllCaptures
        self.appendQueryString = appendQueryString
        self.logRewrittenURL = logRewrittenURL
        self.assignments = assignments
        self.action = action
    }
}
