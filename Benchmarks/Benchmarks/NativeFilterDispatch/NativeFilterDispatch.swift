import Benchmark
import NativeDispatchWorkloads

/// One notification dispatched to a C filter that returns NEXT (goal: under 50 ns of overhead),
/// against the same dispatch to a Swift filter. Each iteration runs 1,000 notifications
/// (`scalingFactor: .kilo`), so figures are per notification; the "request" pair is per request
/// of 7 notifications.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )
    for kind in DispatchWorkloads.Kind.allCases {
        let driver = DispatchWorkloads.driver(kind)
        Benchmark("READ_RAW_DATA 64 B / \(kind.rawValue) returning NEXT") { benchmark in
            blackHole(DispatchWorkloads.rawReads(driver, count: benchmark.scaledIterations.count))
        }
        Benchmark("request, 7 notifications / \(kind.rawValue) returning NEXT",
                  configuration: .init(scalingFactor: .one)) { benchmark in
            blackHole(DispatchWorkloads.requests(driver, count: benchmark.scaledIterations.count))
        }
    }
}
