import Logging
import Pipeline
import ReverseProxy
import TestSupport

/// Pipelines with the reverse proxy for the tests: every request to one upstream (a `<handlers>`
/// entry for `*`), or only what rewrite rules forward.
enum ProxySite {
    static func settings(responseTimeout: Duration = .seconds(60), farms: [WebFarm] = []) -> ReverseProxySettings {
        var settings = ReverseProxySettings()
        settings.responseTimeout = responseTimeout
        settings.connectTimeout = .seconds(2)
        settings.farms = farms
        return settings
    }

    /// Every request goes to `target` (a `<handlers>` entry `*` -> ReverseProxyModule).
    /// `pooledFilters`: the filters run on the blocking-call pool (as native filters do by default),
    /// so the request reaches the proxy on a pool thread.
    static func handler(to target: String, settings: ReverseProxySettings = settings(), filters: [ScriptedFilter] = [],
                        pooledFilters: Bool = false, observers: [any RequestObserver] = [],
                        requestFiltering: RequestFiltering = .default,
                        log: CapturedLog = CapturedLog()) throws -> RequestPipeline {
        let proxy = ReverseProxy(settings: settings, logger: log.logger(label: "proxy"))
        let registration = ReverseProxyModule.registration(proxy: proxy, handlerTargets: ["app": target])
        let handlers = [HandlerMapping(name: "app", path: "*", verb: "*", modules: [ReverseProxyModule.name])]
        let chain = try FilterChain(filters.map {
            var registration = try FilterRegistration(name: $0.name, filter: $0)
            if pooledFilters { registration.threading = .pool }
            return registration
        })
        return RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: [registration], handlers: handlers,
                               requestFiltering: requestFiltering, filters: chain, observers: observers, logger: log.logger(label: "pipeline"))
    }
}
