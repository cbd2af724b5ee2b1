import Benchmark
import Rewrite
import RewriteWorkloads

/// Rule evaluation per URL. Goal (issue 7): under 2 µs per URL on the Zevallos rules and no
/// allocation per evaluation. One iteration evaluates every URL of the workload `scalingFactor`
/// times; starred figures are per URL evaluation. `mallocCountTotal` is counted by the framework's
/// malloc interposer (which also slows malloc, so time figures come from RewriteClock).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 5,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )

    func register(_ name: String, rules: RuleSet, urls: [String]) {
        let requests = RewriteWorkloads.requests(urls)
        let environment = FixedEnvironment()
        let evaluator = RewriteEvaluator()
        Benchmark(name, configuration: .init(scalingFactor: .kilo)) { benchmark in
            for _ in 0..<(benchmark.scaledIterations.count / requests.count) {
                for request in requests {
                    blackHole(evaluator.evaluate(rules, request: request, environment: environment))
                }
            }
        }
    }

    let zevallos = RewriteWorkloads.zevallos()
    register("Zevallos (IIRF, 10 URLs)", rules: zevallos, urls: RewriteWorkloads.zevallosURLs)
    register("Zevallos (IIRF, rewritten URL)", rules: zevallos, urls: ["/noticias/2000/abr/7/"])
    register("Zevallos (IIRF, URL no rule matches)", rules: zevallos, urls: ["/index.html"])
    let generated = RewriteWorkloads.generated()
    for url in RewriteWorkloads.generatedURLs() {
        register("1,000 rules (IIRF): \(url)", rules: generated, urls: [url])
    }
    let apache = RewriteWorkloads.generated(dialect: .modRewrite)
    register("1,000 rules (mod_rewrite): no match", rules: apache, urls: ["/about/team"])
    register("1,000 rules (mod_rewrite, no literal prefix): no match",
             rules: RewriteWorkloads.generatedWithoutPrefix(), urls: ["/about/team.html"])
}
