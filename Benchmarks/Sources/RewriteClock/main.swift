import Rewrite
import RewriteWorkloads

// Rewrite evaluation timed with ContinuousClock, without the benchmark framework's malloc
// interposer: nanoseconds per URL evaluation, median of 7 samples; for the 1,000-rule URLs that
// match nothing also the distribution of single evaluations, each timed on its own (p50, p99...).
//
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release RewriteClock

let repeats = 7

/// Median nanoseconds per evaluation over `repeats` samples of at least `evaluations` evaluations.
func nanosecondsPerURL(_ rules: RuleSet, _ urls: [String], evaluations: Int) -> Double {
    let requests = RewriteWorkloads.requests(urls)
    let environment = FixedEnvironment()
    let evaluator = RewriteEvaluator()
    let rounds = max(evaluations / requests.count, 1)
    var sink = 0
    for request in requests { sink &+= evaluator.evaluate(rules, request: request, environment: environment) == .unchanged ? 1 : 2 }
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<repeats {
        let start = clock.now
        for _ in 0..<rounds {
            for request in requests {
                sink &+= evaluator.evaluate(rules, request: request, environment: environment) == .unchanged ? 1 : 2
            }
        }
        let elapsed = clock.now - start
        samples.append(nanoseconds(elapsed) / Double(rounds * requests.count))
    }
    precondition(sink != 42, "keeps the results alive")
    return samples.sorted()[repeats / 2]
}

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

/// Percentiles of `evaluations` single evaluations of `url`, each timed on its own. Includes one
/// clock read's cost (printed as "clock"), which is small next to microseconds.
func tail(_ name: String, _ rules: RuleSet, _ url: String, evaluations: Int = 20_000) {
    let request = RewriteWorkloads.requests([url])[0]
    let environment = FixedEnvironment()
    let evaluator = RewriteEvaluator()
    let clock = ContinuousClock()
    var sink = 0
    for _ in 0..<1_000 { sink &+= evaluator.evaluate(rules, request: request, environment: environment) == .unchanged ? 1 : 2 }
    var samples = [Double](repeating: 0, count: evaluations)
    var empty = [Double](repeating: 0, count: evaluations)
    for index in 0..<evaluations {
        let start = clock.now
        sink &+= evaluator.evaluate(rules, request: request, environment: environment) == .unchanged ? 1 : 2
        samples[index] = nanoseconds(clock.now - start)
        let before = clock.now
        empty[index] = nanoseconds(clock.now - before)
    }
    precondition(sink != 42, "keeps the results alive")
    samples.sort()
    empty.sort()
    func at(_ fraction: Double) -> Int { Int(samples[min(Int(Double(evaluations) * fraction), evaluations - 1)].rounded()) }
    let padded = name + String(repeating: " ", count: max(52 - name.count, 1))
    print("\(padded) p50 \(at(0.5)) p90 \(at(0.9)) p99 \(at(0.99)) p99.9 \(at(0.999)) max \(at(1)) ns/URL"
          + " (\(evaluations) timed one by one; clock p50 \(Int(empty[evaluations / 2].rounded())) ns)")
}

func report(_ name: String, _ rules: RuleSet, _ urls: [String], evaluations: Int) {
    let value = nanosecondsPerURL(rules, urls, evaluations: evaluations)
    let padded = name + String(repeating: " ", count: max(52 - name.count, 1))
    let tenths = Int((value * 10).rounded())
    print("\(padded) \(value < 100 ? "\(tenths / 10).\(tenths % 10)" : String(Int(value.rounded()))) ns/URL")
}

let zevallos = RewriteWorkloads.zevallos()
print("Zevallos: \(zevallos.ruleCount) rules loaded (\(zevallos.warnings.count) warnings)")
report("Zevallos (IIRF), 10 URLs", zevallos, RewriteWorkloads.zevallosURLs, evaluations: 200_000)
report("Zevallos (IIRF), rewritten URL", zevallos, ["/noticias/2000/abr/7/"], evaluations: 200_000)
report("Zevallos (IIRF), URL no rule matches", zevallos, ["/index.html"], evaluations: 200_000)
let generated = RewriteWorkloads.generated()
for url in RewriteWorkloads.generatedURLs() {
    report("1,000 rules (IIRF): \(url)", generated, [url], evaluations: url.hasPrefix("/section1/") ? 200_000 : 2_000)
}
let apache = RewriteWorkloads.generated(dialect: .modRewrite)
report("1,000 rules (mod_rewrite): no match", apache, ["/about/team"], evaluations: 2_000)
let withoutPrefix = RewriteWorkloads.generatedWithoutPrefix()
report("1,000 rules (mod_rewrite, no literal prefix): no match", withoutPrefix, ["/about/team.html"], evaluations: 2_000)
print("")
tail("1,000 rules (IIRF): no match", generated, "/about/team")
tail("1,000 rules (mod_rewrite): no match", apache, "/about/team")
tail("1,000 rules (mod_rewrite, no literal prefix): no match", withoutPrefix, "/about/team.html")
