/// IIS URL Rewrite rules as the configuration states them, before compilation: what the
/// `<rewrite>` section reader (SiteAssembly's `URLRewriteSectionReader`) hands to `RuleSet.compileIIS`.
///
/// One `IISRuleScope` is one `<rewrite>` section: `<globalRules>` of applicationHost.config, or the
/// `<rules>` of a site (`<location path="Site">`) or of a web.config in a directory.
public struct IISRuleScope: Sendable, Equatable {
    /// The URL path the rules are defined for (`/` for a site, `/dir/` for a web.config below it):
    /// rules match the request path relative to it, without the leading slash.
    public var virtualDirectory: String
    public var rules: [IISRuleDefinition]
    public var maps: [IISRewriteMapDefinition]
    /// Where the section came from (a configuration file), for warnings.
    public var file: String

    public init(virtualDirectory: String, rules: [IISRuleDefinition], maps: [IISRewriteMapDefinition] = [], file: String) {
        self.virtualDirectory = virtualDirectory
        self.rules = rules
        self.maps = maps
        self.file = file
    }
}

/// One `<rule>`.
public struct IISRuleDefinition: Sendable, Equatable {
    public enum PatternSyntax: String, Sendable, Equatable, CaseIterable {
        case ecmaScript = "ECMAScript", wildcard = "Wildcard", exactMatch = "ExactMatch"
    }

    public enum ActionType: String, Sendable, Equatable, CaseIterable {
        case none = "None", rewrite = "Rewrite", redirect = "Redirect", customResponse = "CustomResponse", abortRequest = "AbortRequest"
    }

    /// `<add input matchType pattern ignoreCase negate>` in `<conditions>`.
    public struct Condition: Sendable, Equatable {
        public enum MatchType: String, Sendable, Equatable, CaseIterable {
            case pattern = "Pattern", isFile = "IsFile", isDirectory = "IsDirectory"
        }
        public var input: String
        public var matchType: MatchType
        public var pattern: String
        public var ignoreCase: Bool
        public var negate: Bool
        public var line: Int

        public init(input: String, matchType: MatchType = .pattern, pattern: String = "", ignoreCase: Bool = true,
                    negate: Bool = false, line: Int = 0) {
            self.input = input
            self.matchType = matchType
            self.pattern = pattern
            self.ignoreCase = ignoreCase
            self.negate = negate
            self.line = line
        }
    }

    /// `<set name value replace>` in `<serverVariables>`.
    public struct ServerVariable: Sendable, Equatable {
        public var name: String
        public var value: String
        public var replace: Bool

        public init(name: String, value: String, replace: Bool = true) {
            self.name = name
            self.value = value
            self.replace = replace
        }
    }

    public var name: String
    public var enabled = true
    public var stopProcessing = false
    public var patternSyntax = PatternSyntax.ecmaScript
    /// `<match url>`.
    public var url: String
    public var ignoreCase = true
    public var negate = false
    /// `logicalGrouping="MatchAny"` (the default, MatchAll, is false).
    public var matchAny = false
    public var trackAllCaptures = false
    public var conditions: [Condition] = []
    public var serverVariables: [ServerVariable] = []
    public var action = ActionType.none
    /// `url` of a Rewrite or Redirect action.
    public var actionURL = ""
    public var appendQueryString = true
    /// The status of a Redirect (from `redirectType`: 301, 302, 303, 307).
    public var redirectStatus = 301
    /// CustomResponse `statusCode`, `subStatusCode`, `statusReason`, `statusDescription`.
    public var statusCode = 0
    public var subStatusCode = 0
    public var statusReason = ""
    public var statusDescription = ""
    /// `logRewrittenUrl`: the request log shows the rewritten URL instead of the one received.
    public var logRewrittenURL = false
    public var line = 0
    /// Directories (`/dir/`) below which the rule does not apply: a web.config there has
    /// `<clear/>` or `<remove name>` for it.
    public var excludedDirectories: [String] = []

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }
}

/// One `<rewriteMap name defaultValue ignoreCase>` with its `<add key value>` entries.
public struct IISRewriteMapDefinition: Sendable, Equatable {
    public var name: String
    public var defaultValue: String
    public var ignoreCase: Bool
    public var entries: [(key: String, value: String)]
    public var line: Int

    public init(name: String, defaultValue: String = "", ignoreCase: Bool = true, entries: [(key: String, value: String)], line: Int = 0) {
        self.name = name
        self.defaultValue = defaultValue
        self.ignoreCase = ignoreCase
        self.entries = entries
        self.line = line
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.defaultValue == b.defaultValue && a.ignoreCase == b.ignoreCase && a.line == b.line
            && a.entries.map(\.key) == b.entries.map(\.key) && a.entries.map(\.value) == b.entries.map(\.value)
    }
}
