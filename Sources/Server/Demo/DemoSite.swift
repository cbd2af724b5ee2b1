import Logging
import Memory
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded default: `Examples/site` behind a small chain of Swift modules
/// (PoweredByModule, HelloModule, StaticFileModule), served when no configuration is given.
public enum DemoSite {
    /// The demo chain, in configuration order.
    public static func modules(diskAccess: StaticFileModule.DiskAccess = .threadPool) -> [ModuleRegistration] {
        [PoweredByModule.registration(), HelloModule.registration(), StaticFileModule.registration(diskAccess: diskAccess)]
    }

    /// The demo chain as one pipeline, for in-process drivers (tests, the fuzzers' `EmbeddedEventLoop`,
    /// which runs only when driven): its static handler looks at the disk on the request's thread.
    public static func pipeline(root: String, memory: MemoryConfiguration = .default,
                                logger: Logger = Logger(label: "isapi-bridge.pipeline")) -> RequestPipeline {
        RequestPipeline(site: SiteInfo(id: 1, name: "Demo Site", physicalPath: root), modules: modules(diskAccess: .callingThread),
                        memory: memory, logger: logger)
    }

    /// The benchmark's "empty chain": no module but one that answers a fixed body.
    public static func emptyChain(root: String, memory: MemoryConfiguration = .default,
                                  logger: Logger = Logger(label: "isapi-bridge.pipeline")) -> RequestPipeline {
        RequestPipeline(site: SiteInfo(id: 1, name: "Empty Chain", physicalPath: root),
                        modules: [FixedResponseModule.registration()], memory: memory, logger: logger)
    }

    /// Finds `Examples/site`: `$ISAPI_BRIDGE_DEMO_SITE`, then the current directory, then the
    /// executable's directory and its parents (a `.build/...` binary in the repository), then the
    /// source tree this file was compiled from.
    public static func locateRoot(filePath: String = #filePath) -> String? {
        var candidates: [String] = []
        if let fromEnvironment = getenv("ISAPI_BRIDGE_DEMO_SITE") { candidates.append(String(cString: fromEnvironment)) }
        if let cwd = ConfinedPath.realPath(".") { candidates.append(cwd + "/Examples/site") }
        if var directory = ConfinedPath.realPath("/proc/self/exe").map(parent) {
            for _ in 0..<6 where directory != "/" {
                candidates.append(directory + "/Examples/site")
                directory = parent(directory)
            }
        }
        var source = filePath
        for _ in 0..<4 { source = parent(source) }  // Sources/Server/Demo/DemoSite.swift -> repository
        candidates.append(source + "/Examples/site")
        return candidates.first { FileStatus(path: $0 + "/index.html")?.isRegularFile == true }
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
