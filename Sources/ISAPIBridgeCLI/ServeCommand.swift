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

/// `isapi-bridge serve`: without a configuration, the embedded demo site and its module chain.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve HTTP. Without a configuration: the demo site (Examples/site) behind a demo module chain."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "Directory served as the site root (default: the embedded demo site, Examples/site).")
    var root: String?

    @Option(help: "Event loop threads (default: one per core).")
    var threads: Int?

    @Flag(help: "Benchmark mode: no modules but one that answers every request with 'Hello World!'.")
    var emptyChain = false

    @Option(name: .customLong("filter"),
            help: ArgumentHelp("An ISAPI filter (.so) to run in front of the site; repeat for more (called in this order within a priority).",
                               discussion: "Build one with: cc -shared -fPIC $(isapi-bridge cflags) filter.c -o filter.so. A filter that cannot load makes the site answer 503 with the reason (as IIS 6+ does); the error is logged."))
    var filters: [String] = []

    @Option(
        name: .customLong("native-module"),
        help: ArgumentHelp(
            "A native IIS module to load, as NAME=PATH (a <globalModules> entry); repeatable. It runs before the demo chain.",
            valueName: "name=path"))
    var nativeModules: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        for entry in nativeModules where NativeModuleEntry(entry) == nil {
            throw ValidationError("--native-module '\(entry)' must be NAME=PATH")
        }
    }

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "isapi-bridge")
        guard let siteRoot = root ?? DemoSite.locateRoot() else {
            throw ValidationError(
                "cannot find the demo site (Examples/site). Run from the repository root, set ISAPI_BRIDGE_DEMO_SITE, or pass --root DIR.")
        }
        guard isDirectory(siteRoot) else {
            throw ValidationError("--root '\(siteRoot)' is not a directory")
        }
        var pipeline = emptyChain ? DemoSite.emptyChain(root: siteRoot) : DemoSite.pipeline(root: siteRoot)
        if !nativeModules.isEmpty {
            // A module that cannot be loaded stops the server from starting (IIS fails the worker).
            var loaded: [NativeModule] = []
            for entry in nativeModules.compactMap(NativeModuleEntry.init) {
                do {
                    loaded.append(try NativeModuleLoader.load(name: entry.name, image: entry.path, logger: logger))
                } catch {
                    throw StartupError(message: "\(error); not starting")
                }
            }
            pipeline = RequestPipeline(
                site: pipeline.site, modules: loaded.compactMap(\.registration) + pipeline.modules,
                globalModules: loaded.compactMap(\.globalRegistration) + pipeline.globalModules,
                handlers: pipeline.handlers, memory: pipeline.memory, logger: pipeline.logger)
        }
        if !filters.isEmpty {
            // A filter that cannot load makes the site answer 503 (IIS 6+), not the server refuse to start.
            pipeline = NativeFilterSite.pipeline(adding: filters.map { NativeFilterSpec(path: $0) }, to: pipeline,
                                                 loader: NativeFilterLoader(logger: logger)).pipeline
        }
        var configuration = ServerConfiguration(host: host, port: port)
        if let threads { configuration.eventLoopThreads = threads }
        let filterNames = pipeline.filters?.filters.map(\.name) ?? []
        let chain = (filterNames.isEmpty ? "" : "filters: " + filterNames.joined(separator: ", ") + "; ")
            + "modules: " + pipeline.modules.map(\.name).joined(separator: " -> ")
        let server = HTTPServer(configuration: configuration, pipeline: pipeline, logger: logger) { url in
            print("isapi-bridge listening on \(url)  (root: \(siteRoot); \(chain))")
            fflush(nil)
        }
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        pipeline.terminate()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

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

/// `--root` must name a directory.
private func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}
