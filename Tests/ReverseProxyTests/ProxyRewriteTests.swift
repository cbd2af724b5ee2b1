import Foundation
import Pipeline
import Rewrite
import ReverseProxy
import Synchronization
import TestSupport
import Testing

/// Rewrite rules that forward by path (mod_rewrite `[P]`, IIRF `ProxyPass`, the URL Rewrite
/// module's Rewrite to an absolute URL), and filters that see proxied requests as local ones.
@Suite("Reverse proxy from rewrite rules and with filters", .serialized)
struct ProxyRewriteTests {
    /// Answers "local" for what no rule forwards.
    static let local = ClosureModule.registration("Local", .executeRequestHandler) { _, context in
        context.response.write("local")
        return .finishRequest
    }

    static func rewriteSite(rules: String, dialect: Dialect, withProxy: Bool = true,
                            settings: ReverseProxySettings = ProxySite.settings(),
                            log: CapturedLog = CapturedLog()) throws -> RequestPipeline {
        let file = ScratchDirectory.file("proxy-rules", suffix: ".conf")
        try rules.write(toFile: file, atomically: true, encoding: .utf8)
        let filter = RewriteFilter(rulesFile: file, dialect: dialect, checkInterval: .zero)
        let chain = try FilterChain([try FilterRegistration(name: "Rewrite", filter: filter, isGlobal: false)])
        let proxy = ReverseProxy(settings: settings, logger: log.logger(label: "proxy"))
        let modules = (withProxy ? [ReverseProxyModule.registration(proxy: proxy)] : []) + [local]
        return RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: modules, filters: chain,
                               logger: log.logger(label: "pipeline"))
    }

    @Test("mod_rewrite [P] forwards matching paths; others are served locally")
    func modRewriteProxy() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try Self.rewriteSite(rules: "RewriteEngine On\nRewriteRule ^/api/(.*)$ http://127.0.0.1:\(upstream.port)/echo/$1 [P]\n",
                                            dialect: .modRewrite)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let proxied = try client.get("/api/items?id=3")
            #expect(proxied.status == 200)
            #expect(proxied.text.hasPrefix("GET /echo/items?id=3\n"), "\(proxied.text)")
            let answer5 = try client.get("/page")
            #expect(answer5.text == "local")
        }
    }

    @Test("without a proxy handler in the site, [P] still answers 502")
    func noProxyHandler() async throws {
        let pipeline = try Self.rewriteSite(rules: "RewriteEngine On\nRewriteRule ^/api/(.*)$ http://127.0.0.1:9/$1 [P]\n",
                                            dialect: .modRewrite, withProxy: false)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let answer6 = try client.get("/api/x")
            #expect(answer6.status == 502)
            let answer7 = try client.get("/page")
            #expect(answer7.text == "local")
        }
    }

    @Test("IIRF ProxyPass forwards; ProxyPassReverse maps the upstream's Location back")
    func iirfProxyPass() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let origin = "http://127.0.0.1:\(upstream.port)"
        let rules = "ProxyPass ^/app/(.*)$ \(origin)/$1\nProxyPassReverse /app/ \(origin)/\n"
        let pipeline = try Self.rewriteSite(rules: rules, dialect: .iirf)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let echoed = try client.get("/app/echo/1")
            #expect(echoed.text.hasPrefix("GET /echo/1\n"), "\(echoed.text)")
            let moved = try client.get("/app/redirect", host: "front.example")
            #expect(moved.status == 302)
            #expect(moved.header("Location") == "http://front.example/app/moved")
            let answer8 = try client.get("/page")
            #expect(answer8.text == "local")
        }
    }

    @Test("IIRF ProxyPreserveHost ON sends the client's Host even where the proxy would send the upstream's")
    func iirfPreserveHost() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        var settings = ProxySite.settings()
        settings.preserveHost = false
        let rule = "ProxyPass ^/app/(.*)$ http://127.0.0.1:\(upstream.port)/$1\n"
        let preserving = try Self.rewriteSite(rules: "ProxyPreserveHost ON\n" + rule, dialect: .iirf, settings: settings)
        try await withServer(preserving) { _, port in
            let echoed = try TestClient(port: port).get("/app/echo", host: "front.example")
            #expect(echoed.text.contains("Host: front.example"), "\(echoed.text)")
        }
        let plain = try Self.rewriteSite(rules: rule, dialect: .iirf, settings: settings)
        try await withServer(plain) { _, port in
            let echoed = try TestClient(port: port).get("/app/echo", host: "front.example")
            #expect(echoed.text.contains("Host: 127.0.0.1:\(upstream.port)"), "\(echoed.text)")
        }
    }

    @Test("an IIS <rewrite> rule to an absolute URL forwards the request (the ARR convention)")
    func iisRuleProxy() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        var rule = IISRuleDefinition(name: "to backend", url: "^backend/(.*)")
        rule.action = .rewrite
        rule.actionURL = "http://127.0.0.1:\(upstream.port)/echo/{R:1}"
        let module = IISRewriteModule(inbound: RuleSet.compileIIS([IISRuleScope(virtualDirectory: "/", rules: [rule], file: "test")]),
                                      outbound: OutboundRuleSet.compile([]))
        let rewrite = ModuleRegistration(name: IISRewriteModule.name, factory: ClosureModuleFactory { _ in module },
                                         notifications: IISRewriteModule.notifications)
        let proxy = ReverseProxy(settings: ProxySite.settings())
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"),
                                       modules: [rewrite, ReverseProxyModule.registration(proxy: proxy), Self.local])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let proxied = try client.get("/backend/x?q=1")
            #expect(proxied.status == 200)
            #expect(proxied.text.hasPrefix("GET /echo/x?q=1\n"), "\(proxied.text)")
            let answer9 = try client.get("/other")
            #expect(answer9.text == "local")
        }
    }

    @Test("a pooled filter leaves the request on a pool thread: the proxy still forwards and streams the answer")
    func pooledFilter() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let filter = ScriptedFilter("Pooled", flags: [.preprocHeaders, .authComplete]) { _, notification in
            if case .authComplete(let headers) = notification { try? headers.setHeader("X-Pooled:", "yes") }
            return .nextNotification
        }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)", filters: [filter], pooledFilters: true)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            for _ in 0..<3 {
                let echoed = try client.get("/echo")
                #expect(echoed.text.contains("X-Pooled: yes"), "\(echoed.text)")
                let large = try client.get("/large/1000000")
                #expect(large.body.count == 1_000_000 && TestUpstream.isPattern(large.body))
            }
        }
    }

    @Test("filters see a proxied request as a local one: a request header reaches the upstream, a response header the client, SEND_RAW_DATA the bytes, LOG the status")
    func filtersSeeProxiedRequests() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let seen = Locked<(upstreamHeader: String?, rawBytes: Int, loggedStatus: UInt32?)>((nil, 0, nil))
        let filter = ScriptedFilter("Headers", flags: [.preprocHeaders, .sendResponse, .sendRawData, .log]) { _, notification in
            switch notification {
            case .preprocHeaders(let headers):
                try? headers.setHeader("X-Filter-Request:", "from-filter")
            case .sendResponse(let headers):
                let fromUpstream = try? headers.getHeader("X-Upstream:")
                seen.withLock { $0.upstreamHeader = fromUpstream }
                try? headers.setHeader("X-Filter-Response:", "added")
            case .sendRawData(let raw):
                seen.withLock { $0.rawBytes += raw.bytes.count }
            case .log(let entry):
                seen.withLock { $0.loggedStatus = entry.httpStatus }
            default:
                break
            }
            return .nextNotification
        }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)", filters: [filter])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/echo")
            #expect(response.text.contains("X-Filter-Request: from-filter"), "\(response.text)")
            #expect(response.header("X-Filter-Response") == "added")
            let large = try client.get("/large/300000")
            #expect(large.body.count == 300_000)
            #expect(TestUpstream.isPattern(large.body))
        }
        let observed = seen.withLock { $0 }
        #expect(observed.upstreamHeader == "a", "SEND_RESPONSE saw the upstream's headers")
        #expect(observed.rawBytes > 300_000, "SEND_RAW_DATA saw the bytes (\(observed.rawBytes))")
        #expect(observed.loggedStatus == 200)
    }
}
