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
}

/// One compiled rule (`RewriteRule`, `RedirectRule`, `RewriteHeader`, `ProxyPass`).
struct Rule: Sendable {
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
}
