import Logging
import Pipeline

/// The reverse proxy handler, `ReverseProxyModule`: an ExecuteRequestHandler module that forwards
/// a request to an upstream and streams the answer back (docs/reverse-proxy.md). It executes
/// * requests a rewrite rule forwarded (`HttpContext.forwardTarget`: mod_rewrite `[P]`, IIRF
///   `ProxyPass`, a URL Rewrite module Rewrite to an absolute URL), as the site's forwarding module;
/// * requests of a `<handlers>` entry that names it, to that entry's base URL
///   (`HandlerMapping.upstream`, else `handlerTargets` by handler name) followed by the request's URL.
public enum ReverseProxyModule {
    public static let name = "ReverseProxyModule"

    /// The site's registration. `handlerTargets`: handler name -> `http://host[:port][/base]`, where the host may be a web farm's name.
    public static func registration(proxy: ReverseProxy, handlerTargets: [String: String] = [:]) -> ModuleRegistration {
        var registration = ModuleRegistration(name: name, factory: ReverseProxyFactory(proxy: proxy, handlerTargets: handlerTargets),
                                              notifications: .executeRequestHandler)
        registration.executesForwardedRequests = true
        registration.streamsRequestBody = true
        registration.readsRequestBody = false
        return registration
    }
}

final class ReverseProxyFactory: HttpModuleFactory {
    let proxy: ReverseProxy
    let handlerTargets: [String: String]

    init(proxy: ReverseProxy, handlerTargets: [String: String]) {
        self.proxy = proxy
        self.handlerTargets = handlerTargets
    }

    func makeModule(allocator: ModuleAllocator) throws -> any HttpModule {
        ReverseProxyHandler(proxy: proxy, handlerTargets: handlerTargets)
    }

    func terminate() { proxy.shutdown() }
}

final class ReverseProxyHandler: HttpModule {
    private let proxy: ReverseProxy
    private let handlerTargets: [String: String]

    init(proxy: ReverseProxy, handlerTargets: [String: String]) {
        self.proxy = proxy
        self.handlerTargets = handlerTargets
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.executeRequestHandler, isPost: false) else { return .continue }
        let url: String
        var reverseMappings: [ReverseMapping] = []
        var preserveHost = proxy.settings.preserveHost
        if let forward = context.forwardTarget {
            url = forward.url
            reverseMappings = forward.reverseMappings
            if let preserve = forward.preserveHost { preserveHost = preserve }
        } else if let handler = context.handler, let base = handler.upstream ?? handlerTargets[handler.name] {
            guard let baseURL = UpstreamURL(base) else {
                return refuse(context, url: base, reason: UpstreamURL.problem(with: base) ?? "not a URL")
            }
            url = baseURL.scheme + baseURL.authority + baseURL.appending(context.request.target).pathAndQuery
        } else {
            return .continue  // neither forwarded nor mapped here: another handler's request
        }
        guard let target = UpstreamURL(url) else {
            return refuse(context, url: url, reason: UpstreamURL.problem(with: url) ?? "not a URL")
        }
        guard let server = proxy.resolve(target.authority, defaultPort: target.defaultPort) else {
            return refuse(context, url: url, reason: "'\(target.authority)' is neither a web farm nor host[:port]")
        }
        let exchange = ProxyExchange(proxy: proxy, context: context, loop: proxy.loopForCurrentRequest(), address: server.address,
                                     farm: server.farm, target: target, reverseMappings: reverseMappings, preserveHost: preserveHost)
        exchange.start()
        return .pending
    }

    private func refuse(_ context: HttpContext, url: String, reason: String) -> NotificationStatus {
        let failure = ProxyFailure.badTarget(url: url, reason: reason)
        proxy.logger.error("reverse proxy: \(context.request.method) \(context.request.target): \(failure); answering 502",
                           metadata: ["request": "\(context.requestID)"])
        context.response.clear()
        context.response.setStatus(502)
        context.response.headers.set("Content-Type", "text/plain; charset=utf-8")
        context.response.write("502 Bad Gateway: the request cannot be forwarded (\(reason)).\n")
        context.setRequestHandled()
        return .finishRequest
    }
}
