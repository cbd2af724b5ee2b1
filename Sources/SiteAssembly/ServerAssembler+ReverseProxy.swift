import Config
import Logging
import Pipeline
import ReverseProxy

/// The reverse proxy handler of a site: `ReverseProxyModule` in `<modules>`, its settings and
/// web farms from `<reverseProxy>`.
extension ServerAssembler {
    static func reverseProxyRegistration(for site: SiteModel, logger: Logger, _ problems: inout AssemblyLog) -> ModuleRegistration {
        let model = site.reverseProxy
        var settings = ReverseProxySettings()
        settings.connectTimeout = model.connectTimeout
        settings.responseTimeout = model.timeout
        settings.forwardedHost = model.forwardedHost
        settings.preserveHost = model.preserveHostHeader
        settings.failureBackoff = model.failureBackoff
        settings.maxIdleConnections = model.maxIdleConnections
        settings.trustedAuthoritiesFile = model.upstreamCertificateAuthorities
        for farm in model.webFarms {
            let servers = farm.servers.compactMap { UpstreamAddress(parsing: $0) }
            guard !servers.isEmpty else {
                problems.error(farm.line, "<webFarm name=\"\(farm.name)\"> has no usable server address")
                continue
            }
            settings.farms.append(WebFarm(name: farm.name, servers: servers, failureBackoff: model.failureBackoff))
        }
        // Each handler's upstream travels with its mapping (`HandlerMapping.upstream`), so entries
        // of <location> levels and web.config files need nothing here.
        let proxy = ReverseProxy(settings: settings, logger: logger)
        return ReverseProxyModule.registration(proxy: proxy)
    }
}
