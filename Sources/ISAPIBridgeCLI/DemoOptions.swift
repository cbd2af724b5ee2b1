import ArgumentParser

/// `serve`'s single-site demo mode flags (no configuration file): shared with the hidden `worker`
/// command, which gets the same arguments as the `serve` that started it.
struct DemoOptions: ParsableArguments {
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

    /// The single-site demo mode, without a configuration file.
    var isDemo: Bool { root != nil || emptyChain || !nativeModules.isEmpty || !filters.isEmpty }

    func validate() throws {
        for entry in nativeModules where NativeModuleEntry(entry) == nil {
            throw ValidationError("--native-module '\(entry)' must be NAME=PATH")
        }
    }

    /// The model's source: the demo site, or the configuration file.
    func source(_ options: ServerOptions) throws -> ServeSource {
        if isDemo {
            if options.config != nil {
                throw ValidationError("--config cannot be combined with --root, --empty-chain, --filter or --native-module (demo mode)")
            }
            return try .demo(options: options, root: root, emptyChain: emptyChain, filters: filters,
                             nativeModules: nativeModules.compactMap(NativeModuleEntry.init))
        }
        return .file(try ConfigLocation.resolve(options.config))
    }
}
