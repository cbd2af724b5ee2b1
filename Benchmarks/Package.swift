// swift-tools-version: 6.1
import PackageDescription

// Micro-benchmarks for the Memory target (arenas vs malloc/free) and the Rewrite engine. A separate
// package so the server's own build never pulls in the benchmark framework. From the repository root:
//
//     swift package --package-path Benchmarks --scratch-path Benchmarks/.build benchmark
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release ArenaClock
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release RewriteClock
//
// Results and how to read them: docs/performance.md, "Arena allocation" and "Rewrite evaluation".
let package = Package(
    name: "isapi-bridge-benchmarks",
    platforms: [.macOS(.v15)],
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
    ]
)
