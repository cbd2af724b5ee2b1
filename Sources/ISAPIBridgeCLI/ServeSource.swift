import Config
import Server
import SiteAssembly

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `serve` gets its `ServerModel`: a configuration file, or the one-site demo described by
/// flags. Both then take the same path (`ServerAssembler`, `ConfiguredServer`).
enum ServeSource: Sendable {
    case file(String)
    case demo(DemoServerModel)

    /// The demo site from `--root`/`--empty-chain`/`--filter`/`--native-module`.
    static func demo(options: ServerOptions, root: String?, emptyChain: Bool, filters: [String],
                     nativeModules: [NativeModuleEntry]) throws -> ServeSource {
        guard let siteRoot = root ?? DemoSite.locateRoot() else {
            throw StartupError(message:
                "cannot find the demo site (Examples/site). Run from the repository root, set ISAPI_BRIDGE_DEMO_SITE, or pass --root DIR.")
        }
        guard isDirectory(siteRoot) else { throw StartupError(message: "--root '\(siteRoot)' is not a directory") }
        return .demo(DemoServerModel(root: siteRoot, emptyChain: emptyChain, filters: filters,
                                     nativeModules: nativeModules.map { ($0.name, $0.path) },
                                     address: options.host ?? "127.0.0.1", port: options.port ?? 8080))
    }

    /// Reads the model (the file again on every reload); `--host`/`--port` override a file's bindings.
    func read(options: ServerOptions) throws(ConfigError) -> ServerModel {
        switch self {
        case .file(let file):
            var model = try options.windows.reader.read(file: file)
            model.overrideBindings(address: options.host, port: options.port, httpsPort: options.httpsPort)
            return model
        case .demo(let demo):
            return demo.model
        }
    }

    /// Where W3C request logs go for sites that name no directory: none for the demo site (a
    /// benchmark should not measure log writing).
    func defaultLogDirectory(options: ServerOptions) -> String? {
        if case .file = self { return options.logDir }
        return nil
    }

    /// Said after "listening on URL".
    var label: String {
        switch self {
        case .file(let file): "config: \(file)"
        case .demo(let demo): "root: \(demo.root)"
        }
    }
}

/// `--root` must name a directory.
private func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}
