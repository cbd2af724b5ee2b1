import ArgumentParser

/// `isapi-bridge serve`: the sites of an applicationHost.config (by default the embedded example,
/// Examples/applicationHost.config). `--root`, `--empty-chain`, `--filter` and `--native-module` select the older
/// single-site demo mode instead. With `--workers N` (the default: one per core) this process is
/// the supervisor and worker processes run the pipelines; `--workers 0` serves in this process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the sites of an applicationHost.config (default: the example that wires every kind of extension).",
        discussion: "SIGHUP reloads the configuration (with workers: new workers start on it, then the old ones drain; without: new connections get it). A broken file is logged and the old one stays. SIGTERM/SIGINT stop gracefully."
    )

    @OptionGroup var options: ServerOptions
    @OptionGroup var demo: DemoOptions
    @OptionGroup(title: "Worker processes (docs/architecture.md, Process model)")
    var workers: WorkerOptions

    func validate() throws {
        if options.config != nil && demo.isDemo {
            throw ValidationError("--config cannot be combined with --root, --empty-chain, --filter or --native-module (demo mode)")
        }
    }

    func run() async throws {
        LogSetup.bootstrap(options.logLevel)
        let source = try demo.source(options)
        if workers.count == 0 {
            try await ConfiguredServe(source: source, options: options, traceHandler: nil, moduleTiming: demo.moduleTiming).run()
        } else {
            let code = try await SupervisorSet.run(source: source, options: options, settings: workers)
            if code != 0 { throw ExitCode(code) }
        }
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
