/// IIRF settings that are not rules (defaults as in IIRF v2.1).
struct IIRFSettings: Sendable {
    /// `RewriteEngine`; on by default.
    var engineOn = true
    /// `IterationLimit` 0...30, default 8: up to limit + 1 applications per request.
    var iterationLimit = 8
    /// `MaxMatchCount` 4...25, default 10: the ovector size in pairs; a match needing more groups
    /// counts as no match, as in IIRF.
    var maxMatchCount = 10
    /// `UrlDecoding`; on by default (the filter decodes the URL before matching).
    var urlDecoding = true
    /// `RewriteBase`: nil when off; the prefix stripped before matching and put back after.
    var rewriteBase: String?
    /// `StatusInquiry ON [path] [RemoteOk]`: the status page path, nil when disabled.
    var statusPath: String?
    var statusRemoteAllowed = false
    /// `FlagCharacters`: the condition back-reference character (`*`) ...
    var conditionReferenceCharacter = UInt8(ascii: "*")
    /// ... and the case-folding / URL-encoding operator character (`#`).
    var conversionCharacter = UInt8(ascii: "#")
    /// `rewriteBase` and `statusPath` as bytes (set when loading finishes), so evaluation does not
    /// convert strings.
    var rewriteBaseBytes: [UInt8]?
    var statusPathBytes: [UInt8]?
    /// `ProxyPassReverse local upstream`: how the proxied answers' `Location` maps back.
    var proxyReverse: [(local: String, upstream: String)] = []
    /// `ProxyPreserveHost ON`: proxied requests keep the client's `Host`.
    var proxyPreserveHost = false
}

/// A file the rule set was read from, with what it looked like then (for reload checks).
public struct SourceFileStamp: Sendable, Equatable {
    public let path: String
    /// Modification time in nanoseconds since the epoch; nil when the file did not exist.
    public let modified: Int64?
    public let size: Int64?

    public init(path: String, modified: Int64?, size: Int64?) {
        self.path = path
        self.modified = modified
        self.size = size
    }
}

/// The compiled rules of one rules file (and the files it includes): immutable and shared by every
/// request that started while it was current.
public final class RuleSet: Sendable {
    public let dialect: Dialect
    /// Problems found at load; the offending directives were ignored or dropped.
    public let warnings: [RuleWarning]
    /// Every file read (rules, includes, maps), to decide when to reload.
    public let sources: [SourceFileStamp]
    let rules: [Rule]
    /// `rules[i].head`, laid out for the loop that tries every pattern.
    let heads: [RuleHead]
    /// The rules' literal prefixes, end to end.
    let prefixPool: [UInt8]
    let maps: [RewriteMap]
    let iirf: IIRFSettings
    /// mod_rewrite `RewriteEngine` (off by default, as in httpd).
    let modRewriteEngineOn: Bool
    /// The most capture pairs any pattern can set (group 0 included): the match data size.
    let capturePairs: Int

    init(dialect: Dialect, rules: [Rule], maps: [RewriteMap], iirf: IIRFSettings, modRewriteEngineOn: Bool,
         warnings: [RuleWarning], sources: [SourceFileStamp]) {
        self.dialect = dialect
        self.rules = rules
        var pool: [UInt8] = []
        var heads: [RuleHead] = []
        for rule in rules {
            heads.append(rule.head(prefixStart: pool.count))
            pool += rule.pattern.literalPrefix
        }
        self.heads = heads
        self.prefixPool = pool
        self.maps = maps
        self.iirf = iirf
        self.modRewriteEngineOn = modRewriteEngineOn
        self.warnings = warnings
        self.sources = sources
        let patterns = rules.map(\.pattern.captureCount) + rules.flatMap { rule in
            rule.conditions.compactMap { condition -> Int? in
                if case .regex(let pattern) = condition.test { return pattern.captureCount }
                return nil
            }
        }
        self.capturePairs = max((patterns.max() ?? 0) + 1, 10)
    }

    /// A rule set that rewrites nothing (a missing or unreadable file).
    public static func empty(dialect: Dialect, warnings: [RuleWarning] = [], sources: [SourceFileStamp] = []) -> RuleSet {
        RuleSet(dialect: dialect, rules: [], maps: [], iirf: IIRFSettings(), modRewriteEngineOn: false,
                warnings: warnings, sources: sources)
    }

    /// Number of rules that loaded.
    public var ruleCount: Int { rules.count }

    /// Whether the engine would do anything at all.
    public var isActive: Bool {
        switch dialect {
        case .iirf: iirf.engineOn && (!rules.isEmpty || iirf.statusPath != nil)
        case .modRewrite: modRewriteEngineOn && !rules.isEmpty
        case .iis: !rules.isEmpty
        }
    }

    /// IIRF's `UrlDecoding` setting (the filter decodes the URL before evaluation when on).
    public var decodesURL: Bool { dialect == .iirf && iirf.urlDecoding }

    func map(named name: String) -> RewriteMap? { maps.first { $0.name == name } }
}
