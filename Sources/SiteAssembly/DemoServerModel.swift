import Config
import NativeHost
import Server

/// The one-site server `serve` runs without a configuration file (`--root`, `--empty-chain`,
/// `--filter`, `--native-module`), described as a `ServerModel` so that it takes the same path as a
/// configuration: `ServerAssembler` builds its pipeline, with the same load-failure policy.
public struct DemoServerModel: Sendable {
    public var root: String
    /// The benchmark chain (one module answering "Hello World!") instead of the demo chain.
    public var emptyChain: Bool
    /// ISAPI filters (`.so` paths), global, in calling order within a priority.
    public var filters: [String]
    /// Native modules, as `(name, image)`, run before the Swift chain.
    public var nativeModules: [(name: String, image: String)]
    public var address: String
    public var port: Int

    public init(root: String, emptyChain: Bool = false, filters: [String] = [],
                nativeModules: [(name: String, image: String)] = [], address: String = "127.0.0.1", port: Int = 8080) {
        self.root = root
        self.emptyChain = emptyChain
        self.filters = filters
        self.nativeModules = nativeModules
        self.address = address
        self.port = port
    }

    /// Where diagnostics about the demo site say they come from.
    public static let source = "serve (demo mode)"

    public var model: ServerModel {
        let swiftChain = emptyChain ? ["FixedResponseModule"] : ["PoweredByModule", "HelloModule", "StaticFileModule"]
        let filterEntries = filters.map { FilterEntry(name: NativeFilterLoader.defaultName(for: $0), path: $0, isGlobal: true) }
        let modules = nativeModules.map { ModuleEntry(name: $0.name) }
            + (filters.isEmpty ? [] : [ModuleEntry(name: "IsapiFilterModule")])
            + swiftChain.map { ModuleEntry(name: $0) }
        let site = SiteModel(name: emptyChain ? "Empty Chain" : "Demo Site", id: 1,
                             bindings: [Binding(address: address, port: port)], physicalPath: root,
                             modules: modules, filters: filterEntries)
        return ServerModel(sites: [site], globalModules: nativeModules.map { GlobalModuleEntry(name: $0.name, image: $0.image) },
                           globalFilters: filterEntries, source: Self.source)
    }
}
