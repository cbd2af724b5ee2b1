import Foundation
import Rewrite
import Testing

/// IIRF's own test corpus (v2.x/tests, Ms-PL), found as `IIRFCorpus` says, run through the engine in
/// the TestDriver's environment. Skipped, with the reason printed, when the corpus is absent.
@Suite(.enabled(if: IIRFCorpus.runs, IIRFCorpus.skipReason))
struct IIRFConformanceTests {
    static let corpus: URL = IIRFCorpus.directory

    static let divergencesFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("known-divergences")

    struct Divergence: Hashable {
        let suite: String
        let url: String
    }

    /// `suite url reason...` lines; `*` as url covers a whole suite.
    static func knownDivergences() throws -> [Divergence: String] {
        let text = try String(contentsOf: divergencesFile, encoding: .utf8)
        var result: [Divergence: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard fields.count == 3 else {
                Issue.record("known-divergences: '\(trimmed)' needs a suite, a URL and a reason")
                continue
            }
            result[Divergence(suite: String(fields[0]), url: String(fields[1]))] = String(fields[2])
        }
        return result
    }

    static func suites() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpus.path)
            .filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: corpus.appendingPathComponent(name).path, isDirectory: &isDirectory)
                    && isDirectory.boolValue
            }
            .sorted()
    }

    @Test func theCorpusIsPresent() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: Self.corpus.path, isDirectory: &isDirectory)
        try #require(exists && isDirectory.boolValue, "the IIRF corpus is missing at \(Self.corpus.path) (\(IIRFCorpus.variable))")
        let withCases = try Self.suites().filter {
            FileManager.default.fileExists(atPath: Self.corpus.appendingPathComponent("\($0)/SampleUrls.txt").path)
        }
        #expect(withCases.count >= 19, "expected the 19 case files of the snapshot, found \(withCases.count)")
    }

    @Test func everyCaseFilePassesExceptTheKnownDivergences() throws {
        let divergences = try Self.knownDivergences()
        var matchedDivergences: Set<Divergence> = []
        var passed = 0
        var checked = 0
        let suites = try Self.suites()
        try #require(!suites.isEmpty, "no suites under \(Self.corpus.path)")
        for suite in suites {
            let directory = Self.corpus.appendingPathComponent(suite)
            let cases = directory.appendingPathComponent("SampleUrls.txt").path
            let ini = directory.appendingPathComponent("IIRF.ini").path
            guard FileManager.default.fileExists(atPath: cases) else { continue }
            guard FileManager.default.fileExists(atPath: ini) else {
                let whole = Divergence(suite: suite, url: "*")
                #expect(divergences[whole] != nil, "\(suite) has cases but no IIRF.ini and is not listed in known-divergences")
                matchedDivergences.insert(whole)
                continue
            }
            let tester = RewriteTester(rulesFile: ini, dialect: .iirf)
            let report = tester.run(casesFile: cases)
            for result in report.results {
                guard let ok = result.passed else { continue }
                checked += 1
                let key = Divergence(suite: suite, url: result.input)
                if ok {
                    passed += 1
                    #expect(divergences[key] == nil, "\(suite) \(result.input) passes but is listed as a known divergence")
                } else {
                    #expect(divergences[key] != nil,
                            "\(suite) \(result.input): expected '\(result.expected ?? "")', got '\(result.actual)'")
                    matchedDivergences.insert(key)
                }
            }
        }
        let stale = Set(divergences.keys).subtracting(matchedDivergences)
        #expect(stale.isEmpty, "known-divergences lists cases that do not exist or do not diverge: \(stale)")
        #expect(checked >= 123, "only \(checked) checked cases ran")
        print("IIRF corpus: \(passed) of \(checked) checked cases pass; \(checked - passed) known divergences")
    }

    @Test func aBrokenIniLoadsTheGoodRulesAndWarnsWithFileAndLine() throws {
        let ini = Self.corpus.appendingPathComponent("BadFormat1/IIRF.ini").path
        try #require(FileManager.default.fileExists(atPath: ini))
        let rules = RuleSet.load(path: ini, dialect: .iirf)
        let lines = rules.warnings.map(\.line)
        #expect(rules.warnings.allSatisfy { $0.file == ini })
        // 22: a rule with no pattern; 33: flags without brackets; 38: a pattern that does not
        // compile; 44/50: conditions without a pattern, so the rules after them (45/51) are dropped.
        #expect(lines == [22, 33, 38, 44, 45, 50, 51], "\(rules.warnings)")
        #expect(rules.ruleCount == 3, "the two well-formed rules and the escaped-backslash one load; got \(rules.ruleCount)")
    }
}
