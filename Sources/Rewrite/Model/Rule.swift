/// Flags a rule carries (the union of both dialects; each parser accepts only its own spellings).
struct RuleFlags: OptionSet, Sendable, Hashable {
    let rawValue: UInt32

    /// `[L]`: stop after this rule.
    static let last = RuleFlags(rawValue: 1 << 0)
    /// mod_rewrite `[N]`: start again from the first rule.
    static let next = RuleFlags(rawValue: 1 << 1)
    /// mod_rewrite `[C]`: when this rule does not match, skip the rules chained after it.
    static let chain = RuleFlags(rawValue: 1 << 2)
    /// mod_rewrite `[END]`: stop, and no further rounds.
    static let end = RuleFlags(rawValue: 1 << 3)
    /// `[QSA]`: append the original query string.
    static let queryAppend = RuleFlags(rawValue: 1 << 4)
    /// mod_rewrite `[QSD]`: discard the original query string.
    static let queryDiscard = RuleFlags(rawValue: 1 << 5)
    /// mod_rewrite `[QSL]`: split the query at the last `?`.
    static let queryLast = RuleFlags(rawValue: 1 << 6)
    /// mod_rewrite `[NE]`: do not escape the redirect target.
    static let noEscape = RuleFlags(rawValue: 1 << 7)
    /// mod_rewrite `[B]`: escape back-references.
    static let escapeBackreferences = RuleFlags(rawValue: 1 << 8)
    /// mod_rewrite `[BNP]`: escape spaces as `%20`, not `+`.
    static let escapeNoPlus = RuleFlags(rawValue: 1 << 9)
    /// `[I]` / `[NC]`.
    static let caseless = RuleFlags(rawValue: 1 << 10)
    /// mod_rewrite `[PT]`.
    static let passThrough = RuleFlags(rawValue: 1 << 11)
    /// IIRF `[NI]`: go on with the next rule instead of restarting from the top.
    static let noIteration = RuleFlags(rawValue: 1 << 12)
    /// IIRF `[U]`: log the original URL and set `X-Rewrite-Url`.
    static let recordOriginalURL = RuleFlags(rawValue: 1 << 13)
    /// IIRF `[PH]`: proxy with the original Host header.
    static let preserveHost = RuleFlags(rawValue: 1 << 14)
    /// mod_rewrite `[UnsafeAllow3F]`: a `?` that an expansion put before any literal `?` may split
    /// the query (httpd 2.4.60 and later answer 403 otherwise).
    static let allowExpandedQuestionMark = RuleFlags(rawValue: 1 << 15)
}

/// One compiled rule (`RewriteRule`, `RedirectRule`, `RewriteHeader`, `ProxyPass`). A class, so
/// the evaluator handles a reference, not a copy of every field, when a rule matches.
final class Rule: Sendable {
    enum Action: Sendable, Equatable {
        /// Replace the URL.
        case rewrite
        /// Answer with a 3xx redirect to the substitution.
        case redirect(status: Int)
        /// Forward to the substitution (`ProxyPass`, `[P]`).
        case proxy
        /// IIRF `RewriteHeader`: the subject is this request header (filter-API name) and the result
        /// replaces it.
        case rewriteHeader(String)
        /// Answer with this status and no substitution (`[F]` 403, `[G]` 410, `[NF]` 404,
        /// mod_rewrite `[R=4xx]`).
        case respond(status: Int)
    }

    let pattern: CompiledPattern
    /// mod_rewrite `!pattern`: the rule applies when the pattern does not match (no `$N`).
    let patternNegated: Bool
    let substitution: Template
    /// mod_rewrite `-`: keep the URL (the rule may still set variables or a type).
    let keepsURL: Bool
    let conditions: [Condition]
    let action: Action
    let flags: RuleFlags
    let location: SourceLocation

    // mod_rewrite only.
    /// `[S=n]`.
    let skip: Int
    /// `[N=n]` limit on rounds (default 10000, as httpd's REWRITE_MAX_ROUNDS).
    let maxRounds: Int
    /// `[E=name:value]` (or `[E=!name]`), expanded when the rule applies.
    let environment: [Template]
    /// `[T=type]`.
    let forcedType: Template?
    /// `[B=chars]`: only these bytes are escaped (nil: everything but letters, digits and `_`).
    let escapedBytes: [UInt8]?

    /// The text of the directive, for traces.
    let source: String

    /// IIS URL Rewrite only: base path, condition grouping, server variables and the action
    /// (`action` then only says rewrite, redirect or respond, for traces).
    let iis: IISRuleDetails?

    init(pattern: CompiledPattern, patternNegated: Bool, substitution: Template, keepsURL: Bool, conditions: [Condition],
         action: Action, flags: RuleFlags, location: SourceLocation, skip: Int, maxRounds: Int, environment: [Template],
         forcedType: Template?, escapedBytes: [UInt8]?, source: String, iis: IISRuleDetails? = nil) {
        self.iis = iis
        self.pattern = pattern
        self.patternNegated = patternNegated
        self.substitution = substitution
        self.keepsURL = keepsURL
        self.conditions = conditions
        self.action = action
        self.flags = flags
        self.location = location
        self.skip = skip
        self.maxRounds = maxRounds
        self.environment = environment
        self.forcedType = forcedType
        self.escapedBytes = escapedBytes
        self.source = source
    }

    /// What the scanning loop needs for every rule; `prefixStart` locates the pattern's literal
    /// prefix in the rule set's prefix pool.
    func head(prefixStart: Int) -> RuleHead {
        let isHeaderRule: Bool = if case .rewriteHeader = action { true } else { false }
        return RuleHead(code: pattern.code, jit: pattern.isJITCompiled, negated: patternNegated,
                        rewritesHeader: isHeaderRule, chained: flags.contains(.chain),
                        prefixStart: Int32(prefixStart), prefixLength: Int32(pattern.literalPrefix.count))
    }
}

/// The compiled pattern of a rule and what else the loop that tries every rule needs, as a trivial
/// value. The pattern object is owned by its `Rule`, which the rule set keeps alive.
struct RuleHead: @unchecked Sendable {
    let code: OpaquePointer
    let jit: Bool
    let negated: Bool
    let rewritesHeader: Bool
    /// mod_rewrite `[C]`.
    let chained: Bool
    /// The literal prefix every match starts with, in `RuleSet.prefixPool` (length 0: none).
    let prefixStart: Int32
    let prefixLength: Int32

    /// PCRE2's answer for `subject`, or PCRE2_ERROR_NOMATCH (-1) at once when the subject does not
    /// start with the literal prefix.
    @inline(__always)
    func match(_ subject: UnsafeBufferPointer<UInt8>, prefixes: UnsafeBufferPointer<UInt8>, space: MatchSpace) -> Int32 {
        let length = Int(prefixLength)
        if length > 0 {
            guard subject.count >= length else { return -1 }
            let start = Int(prefixStart)
            for offset in 0..<length where subject[offset] != prefixes[start + offset] { return -1 }
        }
        return space.match(code: code, jit: jit, in: subject)
    }
}
