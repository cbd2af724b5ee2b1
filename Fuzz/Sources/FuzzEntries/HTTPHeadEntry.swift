import Pipeline
import Rewrite
import Server

extension FuzzEntries {
    /// The input as bytes a client sends, through the server's handlers (NIO's decoder and
    /// `HTTPConnectionHandler`) to three sites: the demo site; two demo sites behind Host routing
    /// (the first head held until complete); the demo site behind the example IIRF rules and a
    /// READ_RAW_DATA/SEND_RAW_DATA filter that passes bytes through. The first gets the input in
    /// one read, the others in two.
    public static func httpHead(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        let half = bytes.count / 2
        HTTPHeadSites.demo.run(reads: [bytes[...]])
        HTTPHeadSites.routed.run(reads: [bytes[..<half], bytes[half...]])
        HTTPHeadSites.filtered.run(reads: [bytes[..<half], bytes[half...]])
    }
}

/// The sites of the `httpHead` target, made once per process.
enum HTTPHeadSites {
    static let root = DemoSite.locateRoot() ?? "/nonexistent/site"

    nonisolated(unsafe) static let demo = ConnectionDriver(sites: .single(DemoSite.pipeline(root: root)))

    nonisolated(unsafe) static let routed = ConnectionDriver(sites: .byHost(HostRouting(
        routes: [HostRouting.Route(hostName: "alpha.test", pipeline: DemoSite.pipeline(root: root))],
        fallback: DemoSite.pipeline(root: root))))

    nonisolated(unsafe) static let filtered: ConnectionDriver = {
        let rules = root.replacingSuffix("/site", with: "/rewrite/IIRF.ini")
        let filters = try! FilterChain([
            FilterRegistration(name: "passthrough", filter: PassThroughFilter()),
            FilterRegistration(name: "rewrite", filter: RewriteFilter(rulesFile: rules, dialect: .iirf)),
        ])
        return ConnectionDriver(sites: .single(RequestPipeline(
            site: SiteInfo(id: 1, name: "Filtered", physicalPath: root), modules: DemoSite.modules(diskAccess: .callingThread), filters: filters)))
    }()
}

/// Subscribes to the raw-data notifications and changes nothing: the server then runs its
/// READ_RAW_DATA handler and serializes responses itself.
final class PassThroughFilter: HttpFilter {
    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: "pass-through", flags: [.readRawData, .sendRawData, .preprocHeaders, .log, .nonSecurePort])
    }

    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus { .nextNotification }
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
