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

/// The single-site demo mode of `serve` (`--root`, `--empty-chain`, `--native-module`): one
/// directory behind the demo Swift chain, no configuration file.
struct DemoServe {
    let options: ServerOptions
    let root: String?
    let emptyChain: Bool
    let nativeModules: [String]
    let filters: [String]

    func run() async throws {
        let logger = Logger(label: "isapi-bridge")
        guard let siteRoot = root ?? DemoSite.locateRoot() else {
            throw StartupError(message:
                "cannot find the demo site (Examples/site). Run from the repository root, set ISAPI_BRIDGE_DEMO_SITE, or pass --root DIR.")
        }
        guard isDirectory(siteRoot) else { throw StartupError(message: "--root '\(siteRoot)' is not a directory") }
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
        var configuration = ServerConfiguration(host: options.host ?? "127.0.0.1", port: options.port ?? 8080)
        if let threads = options.threads { configuration.eventLoopThreads = threads }
        options.limits.apply(to: &configuration)
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

/// `--root` must name a directory.
private func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}
