/// One `<system.webServer><rewrite>` section of the IIS URL Rewrite module, as read: the rules a
/// configuration level (server, `<location path="Site">`, or a web.config in a directory) defines.
/// Patterns are kept as text; the rewrite engine compiles them.
public struct URLRewriteSection: Sendable, Equatable {
    /// The URL path the section applies to (`/` for a site, `/dir/` for a web.config below it):
    /// rules match the request path relative to it.
    public var virtualDirectory: String
    /// `<globalRules>` (applicationHost.config, server level only): run first, for every site.
    public var globalRules: [URLRewriteRule] = []
    /// `<rules>`: distributed rules, run after those of parent levels.
    public var rules: [URLRewriteRule] = []
    /// `<rules><clear/>`: the rules of parent levels do not apply here.
    public var clearsInheritedRules = false
    /// `<rules><remove name>`: parent rules that do not apply here.
    public var removedRules: [String] = []
    public var maps: [URLRewriteMap] = []
    /// `<outboundRules>` present (not run yet; see docs/rewrite.md).
    public var hasOutboundRules = false
    /// The configuration file and line, for diagnostics.
    public var file: String
    public var line: Int

    public init(virtualDirectory: String, file: String, line: Int) {
        self.virtualDirectory = virtualDirectory
        self.file = file
        self.line = line
    }
}

/// One `<rule>` of `<rules>` or `<globalRules>`.
public struct URLRewriteRule: Sendable, Equatable {
    public enum PatternSyntax: String, Sendable, Equatable, CaseIterable {
        case ecmaScript = "ECMAScript", wildcard = "Wildcard", exactMatch = "ExactMatch"
    }

    public enum ActionType: String, Sendable, Equatable, CaseIterable {
        case none = "None", rewrite = "Rewrite", redirect = "Redirect", customResponse = "CustomResponse", abortRequest = "AbortRequest"
    }

    public enum MatchType: String, Sendable, Equatable, CaseIterable {
        case pattern = "Pattern", isFile = "IsFile", isDirectory = "IsDirectory"
    }

    /// `<conditions><add input matchType pattern ignoreCase negate/>`.
    public struct Condition: Sendable, Equatable {
        public var input: String
        public var matchType = MatchType.pattern
        public var pattern = ""
        public var ignoreCase = true
        public var negate = false
        public var line: Int
    }

    /// `<serverVariables><set name value replace/>`.
    public struct ServerVariable: Sendable, Equatable {
        public var name: String
        public var value: String
        public var replace = true
    }

    public var name: String
    public var enabled = true
    public var stopProcessing = false
    public var patternSyntax = PatternSyntax.ecmaScript
    public var url = ""
    public var ignoreCase = true
    public var negate = false
    /// `logicalGrouping="MatchAny"` (MatchAll is the default).
    public var matchAny = false
    public var trackAllCaptures = false
    public var conditions: [Condition] = []
    public var serverVariables: [ServerVariable] = []
    public var action = ActionType.none
    public var actionURL = ""
    public var appendQueryString = true
    /// From `redirectType`: Permanent 301 (default), Found 302, SeeOther 303, Temporary 307.
    public var redirectStatus = 301
    public var statusCode = 0
    public var subStatusCode = 0
    public var statusReason = ""
    public var statusDescription = ""
    public var line: Int

    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }
}

/// `<rewriteMaps><rewriteMap name defaultValue ignoreCase><add key value/>`.
public struct URLRewriteMap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
    }
    public var name: String
    public var defaultValue = ""
    public var ignoreCase = true
    public var entries: [Entry] = []
    public var line: Int
}
