import Foundation
import NativeModules
import Pipeline
import SiteAssembly
import TestSupport
import Testing

/// A connection reuses objects from one request to the next (the filter bridge's header
/// structures and module, the request module storage, the request arena): request 2 on a keep-alive
/// connection must start exactly as request 1 did, whatever request 1 set.
@Suite("Nothing of one request reaches the next on a keep-alive connection", .serialized)
struct RequestIsolationTests {
    /// C filters BasicAuth (user, AUTH_COMPLETE header) and ResponseHeaders (AddResponseHeaders,
    /// SEND_RESPONSE), the C++ HeaderEcho (a response header from a request header) and a Swift
    /// handler that sets a server variable, a response header and the status when asked.
    @Test("C filters, a C++ module and a Swift module: a clean request after a busy one looks like the first")
    func keepAliveRequestsStartClean() async throws {
        let loader = SystemNativeLoader()
        let filters = try FilterChain([
            try loader.loadFilter(name: "BasicAuth", path: try Self.builtFilter("BasicAuth"), isGlobal: false),
            try loader.loadFilter(name: "ResponseHeaders", path: try Self.builtFilter("ResponseHeaders"), isGlobal: false),
        ])
        let echo = try nativeRegistration("HeaderEcho", image: try NativeFixtures.example("HeaderEcho"))
        let probe = ClosureModule.registration("Probe", .executeRequestHandler) { _, context in
            let report = [
                "user=\(context.user?.name ?? "(none)")",
                "authenticated=\(context.request.headers["X-Authenticated-User"] ?? "-")",
                "variable=\(context.serverVariable("X_PROBE") ?? "-")",
                "status=\(context.response.status) \(context.response.reason)",
                "echo=\(context.response.headers["X-Echo"] ?? "-")",
                "swift=\(context.response.headers["X-Swift"] ?? "-")",
            ].joined(separator: "\n")
            if context.request.headers["X-Set"] != nil {
                context.setServerVariable("X_PROBE", "set by request 2")
                context.response.headers.set("X-Swift", "set by request 2")
                context.response.setStatus(299, reason: "Probe")
            }
            context.response.headers.set("Content-Type", "text/plain")
            context.response.write(report)
            return .finishRequest
        }
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/nonexistent"), modules: [echo, probe], filters: filters)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let first = try client.get("/probe")
            let busy = try client.get("/probe?x=1", headers: [
                "X-Echo: from request 2", "X-Set: 1", "Authorization: Basic Ym9iOmJ1aWxkZXI=",  // bob:builder
            ])
            let clean = try client.get("/probe")

            // The busy request did change everything the clean one must not see.
            #expect(busy.status == 299)
            #expect(busy.header("X-Echo") == "from request 2")
            #expect(busy.header("X-Swift") == "set by request 2")
            #expect(busy.text.contains("user=EXAMPLE\\bob"))
            #expect(busy.text.contains("authenticated=EXAMPLE\\bob"))
            #expect(busy.text.contains("echo=from request 2"))

            #expect(first.status == 200)
            #expect(clean.status == 200)
            #expect(clean.text == first.text)
            #expect(!clean.text.contains("bob"))
            #expect(Self.withoutDate(clean.headers) == Self.withoutDate(first.headers))
            #expect(clean.headers.filter { $0.0 == "X-Filtered-By" }.count == 1)
            #expect(clean.header("X-Echo") == nil && clean.header("X-Swift") == nil)
        }
    }

    /// The C++ `IHttpContext` of request 2 is as new as request 1's (a guard for making it the
    /// connection's, reset between requests; see docs/performance.md): the fixture that walks
    /// the whole surface (stored contexts, request and response headers, status, server variables,
    /// the raw request, request memory) answers the same request twice on one connection the same
    /// way, and its stored context is cleaned up once per request.
    @Test("the C++ IHttpContext answers a repeated request on one connection exactly as the first time")
    func nativeContextIsResetBetweenRequests() async throws {
        try await FixtureExclusion.surface.run { try await self.nativeContextIsResetBetweenRequestsAlone() }
    }

    private func nativeContextIsResetBetweenRequestsAlone() async throws {
        let image = try NativeFixtures.fixture("surface")
        let registration = try nativeRegistration("Surface", image: image)
        let cleanups = try #require(NativeFixtures.counter("SurfaceCleanups", in: image))
        let before = cleanups()
        try await withServer(makePipeline(modules: [registration, textHandler()])) { _, port in
            let client = try TestClient(port: port)
            let first = try client.get("/surface?q=1", headers: ["X-Custom: c"])
            #expect(await eventually { cleanups() - before == 1 })
            let redirect = try client.get("/surface/redirect")
            #expect(redirect.status == 302)
            let second = try client.get("/surface?q=1", headers: ["X-Custom: c"])
            // The redirect finishes before the fixture stores a context: two cleanups in all.
            #expect(await eventually { cleanups() - before == 2 }, "CleanupStoredContext once per request")
            #expect(first.status == 201)
            #expect(second.header("X-Context-Set") == "0x00000000 0x80070055 found", "the container starts empty")
            #expect(Self.withoutDate(second.headers) == Self.withoutDate(first.headers))
            #expect(second.text == first.text)
        }
    }

    private static func withoutDate(_ headers: [(String, String)]) -> [String] {
        headers.filter { $0.0.lowercased() != "date" }.map { "\($0.0): \($0.1)" }
    }

    /// `lib<Name>Filter.so` of an example filter, as SwiftPM built it next to the test binary.
    static func builtFilter(_ name: String) throws -> String {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = binary.appendingPathComponent("lib\(name)Filter.so").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CompileFailure(source: path, output: "the example filter was not built next to the tests")
        }
        return path
    }
}
