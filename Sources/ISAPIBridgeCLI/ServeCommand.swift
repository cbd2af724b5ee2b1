import ArgumentParser
import Logging
import NativeHost
import NativeModules
import Pipeline
import Server
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `isapi-bridge serve`: the sites of an applicationHost.config (by default the embedded example,
/// Examples/applicationHost.config). `--root`, `--empty-chain`, `--filter` and `--native-module` select the older
/// single-site demo mode instead.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the sites of an applicationHost.config (default: the example that wires every kind of extension).",
        discussion: "SIGHUP reloads the configuration (new connections get it; a broken file is logged and the old one stays). SIGTERM/SIGINT stop gracefully."
    )

    @OptionGroup var options: ServerOptions

    @Option(help: "Demo mode: serve this directory behind the demo Swift module chain, without a configuration.")
    var root: String?

    @Flag(help: "Benchmark mode: no modules but one that answers every request with 'Hello World!'.")
    var emptyChain = false

    @Option(name: .customLong("filter"),
            help: ArgumentHelp("Demo mode: an ISAPI filter (.so) to run in front of the site; repeat for more (called in this order within a priority).",
                               discussion: "Build one with: cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so. A filter that cannot load stops the server from starting, with the reason (as with --config)."))
    var filters: [String] = []

    @Option(
        name: .customLong("native-module"),
        help: ArgumentHelp(
            "Demo mode: a native IIS module to load, as NAME=PATH; repeatable. It runs before the demo chain.",
            valueName: "name=path"))
    var nativeModules: [String] = []

    @Flag(help: "Record per-filter and per-module timings for the metrics (turns the request trace on; costs a little per notification).")
    var moduleTiming = false

    func validate() throws {
        for entry in nativeModules where NativeModuleEntry(entry) == nil {
            throw ValidationError("--native-module '\(entry)' must be NAME=PATH")
        }
        if options.config != nil && demoMode {
            throw ValidationError("--config cannot be combined with --root, --empty-chain, --filter or --native-module (demo mode)")
        }
    }

    /// The single-site demo mode, without a configuration file.
    private var demoMode: Bool { root != nil || emptyChain || !nativeModules.isEmpty || !filters.isEmpty }

    func run() async throws {
        LogSetup.bootstrap(options.logLevel)
        let source: ServeSource = demoMode
            ? try .demo(options: options, root: root, emptyChain: emptyChain, filters: filters,
                        nativeModules: nativeModules.compactMap(NativeModuleEntry.init))
            : .file(try ConfigLocation.resolve(options.config))
        try await ConfiguredServe(source: source, options: options, traceHandler: nil, moduleTiming: moduleTiming).run()
    }
}

/// A reason the server refuses to start (printed without the usage text).
struct StartupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// `NAME=PATH` from `--native-module`.
struct NativeModuleEntry {
    let name: String
    let path: String

    init?(_ text: String) {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        name = String(text[..<equals])
        path = String(text[text.index(after: equals)...])
        if name.isEmpty || path.isEmpty { return nil }
    }
}

