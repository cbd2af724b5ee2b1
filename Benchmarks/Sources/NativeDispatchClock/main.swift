#if canImport(Glibc)
import Glibc
#endif
import NativeDispatchWorkloads

// The native-dispatch workloads timed with ContinuousClock (no malloc interposer): the cost of one
// READ_RAW_DATA notification dispatched to a C filter that returns NEXT, against the same
// dispatch to a Swift filter; and a whole request with either filter subscribed to everything.
//
// The C and Swift samples are interleaved, and the minimum over the samples is reported next to
// the median: on a shared machine the minimum is the cost without interference.
//
//     swift build --package-path Benchmarks --scratch-path Benchmarks/.build -c release
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release NativeDispatchClock

let repeats = 31

// `NativeDispatchClock profile c|swift raw|requests COUNT`: one loop only, for instruction counts
// (valgrind --tool=callgrind) on a machine too busy for stable timings.
let arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "profile", let kind = DispatchWorkloads.Kind.allCases.first(where: { "\($0)" == arguments[2] }),
   let count = Int(arguments[4]) {
    let driver = DispatchWorkloads.driver(kind)
    print(arguments[3] == "raw" ? DispatchWorkloads.rawReads(driver, count: count) : DispatchWorkloads.requests(driver, count: count))
    exit(0)
}

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

struct Samples {
    var values: [Double] = []
    var minimum: Double { values.min() ?? .nan }
    var median: Double { values.sorted()[values.count / 2] }
}

/// Interleaved samples of `body` for each kind: nanoseconds per unit, `units` units per sample.
func measure(units: Int, _ body: (DispatchWorkloads.Kind, Int) -> Int) -> [DispatchWorkloads.Kind: Samples] {
    var sink = 0
    for kind in DispatchWorkloads.Kind.allCases { sink &+= body(kind, units) }  // warm-up
    var samples: [DispatchWorkloads.Kind: Samples] = [:]
    for _ in 0..<repeats {
        for kind in DispatchWorkloads.Kind.allCases {
            let clock = ContinuousClock()
            let start = clock.now
            sink &+= body(kind, units)
            samples[kind, default: Samples()].values.append(nanoseconds(clock.now - start) / Double(units))
        }
    }
    precondition(sink != 42, "keeps the work alive")
    return samples
}

func format(_ value: Double) -> String { String((value * 10).rounded() / 10) }

let drivers = Dictionary(uniqueKeysWithValues: DispatchWorkloads.Kind.allCases.map { ($0, DispatchWorkloads.driver($0)) })
let raw = measure(units: 20_000) { kind, count in DispatchWorkloads.rawReads(drivers[kind]!, count: count) }
let requests = measure(units: 2_000) { kind, count in DispatchWorkloads.requests(drivers[kind]!, count: count) }

let perRequest = Double(DispatchWorkloads.notificationsPerRequest)
print("READ_RAW_DATA (64 B) to one filter returning NEXT, ns per notification (min / median of \(repeats)):")
print("  Swift filter  \(format(raw[.swift]!.minimum)) / \(format(raw[.swift]!.median))")
print("  C filter      \(format(raw[.c]!.minimum)) / \(format(raw[.c]!.median))")
print("  C adapter overhead  \(format(raw[.c]!.minimum - raw[.swift]!.minimum)) / \(format(raw[.c]!.median - raw[.swift]!.median))")
print("Whole request, one filter subscribed to everything (7 notifications), ns per request (min / median):")
print("  Swift filter  \(format(requests[.swift]!.minimum)) / \(format(requests[.swift]!.median))")
print("  C filter      \(format(requests[.c]!.minimum)) / \(format(requests[.c]!.median))")
print("  C adapter overhead per notification  \(format((requests[.c]!.minimum - requests[.swift]!.minimum) / perRequest))"
    + " / \(format((requests[.c]!.median - requests[.swift]!.median) / perRequest))")
