import NativeHost
import Pipeline
import ReverseProxy
import Server
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A C filter in front of the reverse proxy sees a proxied request as it sees a local one: its
/// PREPROC_HEADERS changes reach the upstream, SEND_RESPONSE sees the upstream's headers and adds
/// its own, and LOG records the upstream's status (issue 20, ARR's role).
@Suite("A native filter around the reverse proxy")
struct ProxiedNativeFilterTests {
    /// The upstream: an isapi-bridge server that answers with the headers the filter controls.
    static let upstream = RequestPipeline(site: SiteInfo(physicalPath: "/srv/upstream"), modules: [
        ClosureModule.registration("Application", .executeRequestHandler) { _, context in
            let request = context.request
            context.response.setStatus(request.path == "/created" ? 201 : 200)
            context.response.headers.set("X-Upstream", "application-7")
            context.response.write("user=\(request.headers["X-Sso-User"] ?? "-") spoofed=\(request.headers["X-Spoofed"] ?? "-")")
            return .finishRequest
        },
    ])

    @Test func headersBothWaysAndTheLoggedStatus() async throws {
        let path = try NativeFixtures.fixture("proxy_headers")
        let handle = try #require(dlopen(path, RTLD_NOW | RTLD_LOCAL))
        typealias Status = @convention(c) () -> Int32
        let lastLogged = unsafeBitCast(try #require(dlsym(handle, "ProxyHeadersLastLoggedStatus")), to: Status.self)
        try await withServer(Self.upstream) { _, upstreamPort in
            var settings = ReverseProxySettings()
            settings.connectTimeout = .seconds(2)
            let proxy = ReverseProxy(settings: settings)
            let front = try nativePipeline(
                [NativeFilterSpec(path: path)],
                modules: [ReverseProxyModule.registration(proxy: proxy, handlerTargets: ["app": "http://127.0.0.1:\(upstreamPort)"])],
                handlers: [HandlerMapping(name: "app", path: "*", verb: "*", modules: [ReverseProxyModule.name])])
            try await withServer(front) { _, port in
                let client = try TestClient(port: port)
                let response = try client.get("/profile", headers: ["X-Spoofed: mallory"])
                #expect(response.status == 200)
                #expect(response.text == "user=alice spoofed=-", "the filter's request headers reached the upstream")
                #expect(response.header("X-Upstream") == "application-7")
                #expect(response.header("X-Filter-Saw") == "application-7", "SEND_RESPONSE saw the upstream's header")
                #expect(response.header("X-Guarded-By") == "proxy_headers")
                #expect(await eventually { lastLogged() == 200 })
                let created = try client.get("/created")
                #expect(created.status == 201)
                #expect(await eventually { lastLogged() == 201 }, "LOG records the upstream's status")
            }
        }
    }
}
