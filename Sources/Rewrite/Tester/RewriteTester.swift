/// Runs rules offline, the way IIRF's TestDriver did: each URL is evaluated in the TestDriver's
/// environment (`DriverEnvironment`) and the outcome is printed as the driver printed it:
/// the rewritten URL, `NO REWRITE`, `REDIRECT <code> <target>`, `FORBIDDEN`, `NOT FOUND`,
/// `STATUS`, `REDIRECT 410 (null)` for IIRF's `[G]` (the driver's artifact; `GONE` in mod_rewrite),
/// `RESPOND <code>` for other statuses, `LOOP LIMIT (500)`.
///
/// This is the logic behind `isapi-bridge rewrite-test`; the command only parses arguments,
/// prints `report.text` and exits with `report.succeeded ? 0 : 1`.
public struct RewriteTester {
    public let rules: RuleSet
    public let rulesName: String

    public init(rules: RuleSet, rulesName: String = "rules") {
        self.rules = rules
        self.rulesName = rulesName
    }

    /// Loads a rules file (warnings are part of every report).
    public init(rulesFile: String, dialect: Dialect) {
        self.init(rules: RuleSet.load(path: rulesFile, dialect: dialect), rulesName: rulesFile)
    }

    /// The outcome for one URL, as text, and the environment lookups it could not answer.
    public func evaluate(_ url: String, evaluator: RewriteEvaluator = RewriteEvaluator()) -> (outcome: String, unsupported: [String]) {
        guard let environment = DriverEnvironment(url: url) else { return ("ERROR bad URL format '\(url)'", []) }
        let decision = evaluator.evaluate(rules, request: RewriteRequest(target: environment.target, decodeURL: false),
                                          environment: environment)
        return (Self.describe(decision, result: evaluator.resultURL, dialect: rules.dialect), environment.unsupportedLookups)
    }

    static func describe(_ decision: RewriteDecision, result: String, dialect: Dialect) -> String {
        switch decision {
        case .unchanged: "NO REWRITE"
        case .rewritten, .proxy: result
        case .redirect(let status): "REDIRECT \(status) \(result)"
        case .respond(403): "FORBIDDEN"
        case .respond(404): "NOT FOUND"
        case .respond(410): dialect == .iirf ? "REDIRECT 410 (null)" : "GONE"
        case .respond(let status): "RESPOND \(status)"
        case .statusInquiry: "STATUS"
        case .loopLimitExceeded: "LOOP LIMIT (500)"
        case .abortRequest: "ABORT"
        }
    }

    /// `rewrite-test --rules FILE URL...`: one line per URL; fails only on unusable URLs.
    public func run(urls: [String]) -> TesterReport {
        var report = TesterReport(warnings: rules.warnings, checksCases: false)
        let evaluator = RewriteEvaluator()
        for url in urls {
            let (outcome, unsupported) = evaluate(url, evaluator: evaluator)
            let ok = !outcome.hasPrefix("ERROR ")
            report.record(CaseResult(location: nil, input: url, expected: nil, actual: outcome, passed: ok ? nil : false),
                          line: "\(url) -> \(outcome)", unsupported: unsupported)
        }
        return report
    }

    /// `rewrite-test --rules FILE --cases SampleUrls.txt`.
    public func run(casesFile path: String) -> TesterReport {
        switch FileAccess.read(path) {
        case .failure(let error):
            var report = TesterReport(warnings: rules.warnings, checksCases: true)
            report.fatal("\(error)")
            return report
        case .success(let bytes):
            return run(cases: String(decoding: bytes, as: UTF8.self), file: path)
        }
    }

    /// Runs a case file in IIRF's SampleUrls.txt format: `#` comments, blank lines ignored; the
    /// URL is the first field, the rest of the line (trimmed) is the expected outcome; a line
    /// without one is evaluated but unchecked. `NO REWRITE` also passes when the expected value
    /// is the input URL itself; `GONE` is accepted for IIRF's `REDIRECT 410 (null)`.
    public func run(cases text: String, file: String) -> TesterReport {
        var report = TesterReport(warnings: rules.warnings, checksCases: true)
        let evaluator = RewriteEvaluator()
        for sample in SampleCase.parse(text, file: file) {
            let (actual, unsupported) = evaluate(sample.url, evaluator: evaluator)
            guard let expected = sample.expected else {
                report.record(CaseResult(location: sample.location, input: sample.url, expected: nil, actual: actual, passed: nil),
                              line: "----  \(sample.url) -> \(actual) (no expected result)", unsupported: unsupported)
                continue
            }
            let inputPath = DriverEnvironment(url: sample.url)?.target ?? sample.url
            let passed = expected == actual
                || (actual == "NO REWRITE" && expected == inputPath)
                || (expected == "GONE" && actual == "REDIRECT 410 (null)")
            let line = passed
                ? "OK    \(sample.url) -> \(actual)"
                : "ERROR \(sample.url) (\(sample.location)): expected '\(expected)', got '\(actual)'"
            report.record(CaseResult(location: sample.location, input: sample.url, expected: expected, actual: actual,
                                     passed: passed), line: line, unsupported: unsupported)
        }
        return report
    }
}

/// One line of a case file.
public struct SampleCase: Sendable, Equatable {
    public let url: String
    public let expected: String?
    public let location: SourceLocation

    public static func parse(_ text: String, file: String) -> [SampleCase] {
        SourceLine.split(Array(text.utf8), file: file).compactMap { line in
            let content = line.bytes.trimmed
            guard let first = content.first, first != UInt8(ascii: "#") else { return nil }
            let url = content.prefix { !$0.isConfigSpace }
            let expected = content[url.endIndex...].trimmed
            return SampleCase(url: url.text, expected: expected.isEmpty ? nil : expected.text, location: line.location)
        }
    }
}

/// The result of one URL or case.
public struct CaseResult: Sendable, Equatable {
    public let location: SourceLocation?
    public let input: String
    public let expected: String?
    public let actual: String
    /// nil when there was nothing to check.
    public let passed: Bool?
}

/// What the tester prints, and the counts behind the summary line.
public struct TesterReport: Sendable {
    public private(set) var results: [CaseResult] = []
    public private(set) var lines: [String] = []
    public private(set) var passed = 0
    public private(set) var failed = 0
    public private(set) var unchecked = 0
    public let warnings: [RuleWarning]
    /// Cases with expectations (a summary line) or plain URLs (one line each, no summary).
    public let checksCases: Bool

    init(warnings: [RuleWarning], checksCases: Bool) {
        self.warnings = warnings
        self.checksCases = checksCases
        lines = warnings.map { "warning: \($0)" }
    }

    mutating func record(_ result: CaseResult, line: String, unsupported: [String]) {
        results.append(result)
        lines.append(line)
        for name in unsupported {
            lines.append("      note: server variable \(name) is not supported in the TestDriver environment (empty)")
        }
        switch result.passed {
        case true?: passed += 1
        case false?: failed += 1
        case nil: unchecked += 1
        }
    }

    mutating func fatal(_ message: String) {
        lines.append("ERROR \(message)")
        failed += 1
    }

    /// `N passed, M failed`, exactly.
    public var summary: String { "\(passed) passed, \(failed) failed" }

    /// Everything to print; for a case file it ends with the summary line.
    public var text: String {
        var all = lines
        if checksCases {
            if unchecked > 0 { all.append("\(unchecked) without an expected result") }
            all.append(summary)
        }
        return all.joined(separator: "\n") + "\n"
    }

    public var succeeded: Bool { failed == 0 }
}
