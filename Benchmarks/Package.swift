// swift-tools-version: 6.1
import PackageDescription

// Micro-benchmarks for the Memory target (arenas vs malloc/free), the Rewrite engine and native
// filter dispatch. A separate package so the server's own build never pulls in the benchmark
// framework. From the repository root:
//
//     swift package --package-path Benchmarks --scratch-path Benchmarks/.build benchmark
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release ArenaClock
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release RewriteClock
//     swift build --package-path Benchmarks --scratch-path Benchmarks/.build -c release   # libNextFilter.so too
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release NativeDispatchClock
//
// Results and how to read them: docs/performance.md, "Arena allocation", "Rewrite evaluation" and
// "Native filter dispatch".
let package = Package(
    name: "isapi-bridge-benchmarks",
    platforms: [.macOS(.v15)],
    products: [
        // The C filter the dispatch benchmarks load (libNextFilter.so, next to the executables).
        .library(name: "NextFilter", type: .dynamic, targets: ["NextFilter"]),
    ],
    dependencies: [
        .package(name: "isapi-bridge", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The allocation patterns, shared by both runners so they time identical code.
        .target(
            name: "ArenaWorkloads",
            dependencies: [.product(name: "Memory", package: "isapi-bridge")]
        ),
        // ordo-one/benchmark suite: time, throughput and malloc counts (through its malloc interposer).
        .executableTarget(
            name: "ArenaAllocation",
            dependencies: [
                "ArenaWorkloads",
                .product(name: "Memory", package: "isapi-bridge"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ArenaAllocation",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The same workloads timed with ContinuousClock in a process without the interposer.
        .executableTarget(
            name: "ArenaClock",
            dependencies: ["ArenaWorkloads", .product(name: "Memory", package: "isapi-bridge")]
        ),
        // Rule sets and URLs for the rewrite benchmarks (Zevallos from the IIRF corpus, 1,000 rules).
        .target(
            name: "RewriteWorkloads",
            dependencies: [.product(name: "Rewrite", package: "isapi-bridge")]
        ),
        // Rewrite evaluation per URL: time and malloc counts (ordo-one/benchmark).
        .executableTarget(
            name: "RewriteEvaluation",
            dependencies: [
                "RewriteWorkloads",
                .product(name: "Rewrite", package: "isapi-bridge"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RewriteEvaluation",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Rewrite evaluation timed with ContinuousClock, without the malloc interposer.
        .executableTarget(
            name: "RewriteClock",
            dependencies: ["RewriteWorkloads", .product(name: "Rewrite", package: "isapi-bridge")]
        ),
        // A C filter that returns NEXT for everything, built against the shipped headers.
        .target(
            name: "NextFilter",
            dependencies: [.product(name: "ISAPIHeaders", package: "isapi-bridge")],
            publicHeadersPath: "."
        ),
        // One notification to a C filter vs a Swift filter, and whole requests.
        .target(
            name: "NativeDispatchWorkloads",
            dependencies: [
                .product(name: "NativeHost", package: "isapi-bridge"),
                .product(name: "Pipeline", package: "isapi-bridge"),
            ]
        ),
        .executableTarget(
            name: "NativeFilterDispatch",
            dependencies: ["NativeDispatchWorkloads", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/NativeFilterDispatch",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(name: "NativeDispatchClock", dependencies: ["NativeDispatchWorkloads"]),
    ]
)
