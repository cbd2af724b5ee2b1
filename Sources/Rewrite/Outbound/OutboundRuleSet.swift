import Synchronization

/// The outbound rules of one directory's configuration, compiled once: every level's
/// `<outboundRules>` merged parent first (a level's `<clear/>` and `<remove name>` drop inherited
/// rules), with the pre-conditions and custom tag groups they name.
public final class OutboundRuleSet: Sendable {
    /// Rules rewriting a response header (`<match serverVariable="RESPONSE_X">`), in order.
    let headerRules: [OutboundRule]
    /// Rules rewriting attribute values in HTML bodies (`<match filterByTags>`), in order.
    let bodyRules: [OutboundRule]
    public let warnings: [RuleWarning]
    /// A tag longer than this (from `<` to `>`) passes through unchanged and is counted: the most
    /// the body rewriter holds back from one chunk to the next.
    public let maxTagBytes: Int
    /// A body longer than this is sent unchanged (with a log line): outbound rewriting holds the
    /// rewritten body in memory until the response goes out.
    public let maxBodyBytes: Int
    private let oversized = Atomic<Int>(0)

    init(headerRules: [OutboundRule], bodyRules: [OutboundRule], warnings: [RuleWarning], maxTagBytes: Int, maxBodyBytes: Int) {
        self.headerRules = headerRules
        self.bodyRules = bodyRules
        self.warnings = warnings
        self.maxTagBytes = maxTagBytes
        self.maxBodyBytes = maxBodyBytes
    }

    public static let defaultMaxTagBytes = 16 * 1024
    public static let defaultMaxBodyBytes = 8 * 1024 * 1024

    public var isEmpty: Bool { headerRules.isEmpty && bodyRules.isEmpty }
    public var ruleCount: Int { headerRules.count + bodyRules.count }

    /// Tags that were longer than `maxTagBytes` and passed through unchanged, since the rules loaded.
    public var oversizedTags: Int { oversized.load(ordering: .relaxed) }
    func countOversizedTag() { oversized.wrappingAdd(1, ordering: .relaxed) }
}

/// One compiled outbound rule.
final class OutboundRule: Sendable {
    enum Target: Sendable {
        /// The response header named (from `RESPONSE_X_Y`: `X-Y`).
        case header(String)
        /// Lower-cased element name to lower-cased attribute names.
        case tags([String: Set<String>])
    }

    let name: String
    let target: Target
    let pattern: CompiledPattern
    let negate: Bool
    let preCondition: OutboundPreCondition?
    let rewrites: Bool
    let value: OutboundTemplate
    let stopProcessing: Bool

    init(name: String, target: Target, pattern: CompiledPattern, negate: Bool, preCondition: OutboundPreCondition?,
         rewrites: Bool, value: OutboundTemplate, stopProcessing: Bool) {
        self.name = name
        self.target = target
        self.pattern = pattern
        self.negate = negate
        self.preCondition = preCondition
        self.rewrites = rewrites
        self.value = value
        self.stopProcessing = stopProcessing
    }

    func applies(toElement element: String, attribute: String) -> Bool {
        guard case .tags(let tags) = target else { return false }
        return tags[element]?.contains(attribute) ?? false
    }
}

/// A compiled `<preCondition>`: its checks, all (MatchAll) or any (MatchAny) of which must hold.
final class OutboundPreCondition: Sendable {
    struct Check: Sendable {
        let input: OutboundTemplate
        let pattern: CompiledPattern
        let negate: Bool
    }

    let name: String
    let matchAny: Bool
    let checks: [Check]

    init(name: String, matchAny: Bool, checks: [Check]) {
        self.name = name
        self.matchAny = matchAny
        self.checks = checks
    }
}
