import Rewrite
import RewriteWorkloads

// Rewrite evaluation timed with ContinuousClock, without the benchmark framework's malloc
// interposer: nanoseconds per URL evaluation, median of 7 samples.
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
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        samples.append(nanoseconds / Double(rounds * requests.count))
    }
    precondition(sink != 42, "keeps the results alive")
    return samples.sorted()[repeats / 2]
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
