import Logging
import Synchronization

/// A site's rules, reloaded when the rules file (or an included file or map) changes.
///
/// `current()` checks the files' modification times at most once per `checkInterval`; a changed
/// file is parsed into a new `RuleSet` that becomes current. Requests that already hold the old
/// set keep using it until they finish (it is immutable and reference-counted).
public final class ReloadingRuleSet: Sendable {
    public let path: String
    public let dialect: Dialect
    public let checkInterval: Duration
    private let logger: Logger
    private let state: Mutex<State>

    private struct State {
        var rules: RuleSet
        var lastCheck: ContinuousClock.Instant
        var reloading = false
        var generation = 1
    }

    /// Who reports the first load's warnings: the log, or the caller, which reads `current().warnings`
    /// and reports them with its own diagnostics (the configuration reader, so `check` counts them).
    public enum FirstLoadWarnings: Sendable { case logged, reportedByCaller }

    public init(path: String, dialect: Dialect, checkInterval: Duration = .seconds(1),
                logger: Logger = Logger(label: "isapi-bridge.rewrite"), firstLoadWarnings: FirstLoadWarnings = .logged) {
        self.path = path
        self.dialect = dialect
        self.checkInterval = checkInterval
        self.logger = logger
        let rules = RuleSet.load(path: path, dialect: dialect)
        Self.report(rules, path: path, generation: 1, logger: logger, warnings: firstLoadWarnings == .logged)
        state = Mutex(State(rules: rules, lastCheck: .now))
    }

    /// Times the rules were (re)loaded, 1 for the first load.
    public var generation: Int { state.withLock { $0.generation } }

    /// The rules to evaluate this request with.
    public func current(now: ContinuousClock.Instant = .now) -> RuleSet {
        let (rules, due) = state.withLock { state -> (RuleSet, Bool) in
            guard !state.reloading, now - state.lastCheck >= checkInterval else { return (state.rules, false) }
            state.lastCheck = now
            state.reloading = true
            return (state.rules, true)
        }
        guard due else { return rules }
        guard rules.sourcesChanged() else {
            state.withLock { $0.reloading = false }
            return rules
        }
        let fresh = RuleSet.load(path: path, dialect: dialect)
        let generation = state.withLock { state -> Int in
            state.rules = fresh
            state.reloading = false
            state.generation += 1
            return state.generation
        }
        Self.report(fresh, path: path, generation: generation, logger: logger)
        return fresh
    }

    private static func report(_ rules: RuleSet, path: String, generation: Int, logger: Logger, warnings: Bool = true) {
        for warning in rules.warnings where warnings {
            logger.warning("rewrite rules: \(warning)")
        }
        logger.info("rewrite rules \(generation == 1 ? "loaded" : "reloaded") from \(path): \(rules.ruleCount) \(rules.dialect) rules, \(rules.warnings.count) warnings")
    }
}
