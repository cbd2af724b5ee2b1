// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for isapi-bridge: a package of its own, so that `swift build` and `swift test`
// of the main package never build them (they only link with libFuzzer's `main`). Build and run
// through `Fuzz/run.sh`; see Fuzz/README.md.

/// One executable per fuzz target: (target and product name, the corpus directory it reads).
let fuzzTargets = ["http-head", "http-date", "config-reader", "rewrite-iirf", "rewrite-modrewrite", "filter-headers"]

let package = Package(
    name: "isapi-bridge-fuzz",
    platforms: [.macOS(.v15)],
    products: fuzzTargets.map { .executable(name: "fuzz-\($0)", targets: ["fuzz-\($0)"]) },
    dependencies: [
        // The repository's package, through a link `run.sh` makes (`.build/isapi-bridge` -> `../..`):
        // SwiftPM names a path dependency after its directory, and `..` may be called anything.
        .package(path: ".build/isapi-bridge"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // The declaration of libFuzzer's driver, which each target's `main` calls.
        .target(name: "LibFuzzerDriver"),
        // The input handling of every target, callable without libFuzzer (the executables wrap it).
        .target(
            name: "FuzzEntries",
            dependencies: [
                .product(name: "Server", package: "isapi-bridge"),
                .product(name: "Pipeline", package: "isapi-bridge"),
                .product(name: "Config", package: "isapi-bridge"),
                .product(name: "Rewrite", package: "isapi-bridge"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ] + fuzzTargets.map {
        .executableTarget(name: "fuzz-\($0)", dependencies: ["FuzzEntries", "LibFuzzerDriver"], path: "Sources/Targets/\($0)")
    }
)
