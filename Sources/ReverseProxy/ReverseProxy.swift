import Logging
import NIOCore
import NIOPosix
import Pipeline

/// A site's reverse proxy: its settings, web farms and upstream connection pool. Made once per
/// site (per configuration generation); `shutdown()` closes the idle connections.
public final class ReverseProxy: Sendable {
    public let settings: ReverseProxySettings
    let logger: Logger
    let pool: UpstreamConnectionPool
    private let group: any EventLoopGroup
    private let farmsByName: [String: WebFarm]

    /// `group` serves requests that are not on an event loop of their own (a pool thread).
    public init(settings: ReverseProxySettings, logger: Logger = Logger(label: "isapi-bridge.proxy"),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.logger = logger
        self.group = group
        let tls = UpstreamTLS(trustedAuthoritiesFile: settings.trustedAuthoritiesFile)
        if case .failure(let error) = tls.context {
            logger.error("reverse proxy: TLS for https upstreams is not available: \(error); https targets will be answered 502")
        }
        self.pool = UpstreamConnectionPool(maxIdle: settings.maxIdleConnections, connectTimeout: settings.connectTimeout, tls: tls)
        var farms: [String: WebFarm] = [:]
        for farm in settings.farms where farms[farm.name.lowercased()] == nil { farms[farm.name.lowercased()] = farm }
        self.farmsByName = farms
    }

    /// The loop an upstream connection of the calling request runs on: the request's own event
    /// loop when it runs on one (no thread hop for its bytes), else one of `group`.
    func loopForCurrentRequest() -> any EventLoop {
        MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
    }

    /// The server a URL's authority names: the next server of the web farm of that name, or the
    /// `host:port` itself. Nil when the authority is neither.
    func resolve(_ authority: String, defaultPort: Int = 80) -> (address: UpstreamAddress, farm: WebFarm?)? {
        if let farm = farmsByName[authority.lowercased()] { return (farm.pick(), farm) }
        return UpstreamAddress(parsing: authority, defaultPort: defaultPort).map { ($0, nil) }
    }

    /// Closes idle upstream connections.
    public func shutdown() {
        pool.closeIdle()
    }
}
