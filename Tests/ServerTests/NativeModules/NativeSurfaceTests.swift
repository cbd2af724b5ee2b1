import NativeModules
import Pipeline
import TestSupport
import Testing

/// The implemented server-interface surface, exercised by a fixture module (Fixtures/surface.cpp).
@Suite("Native modules: the IHttpContext surface", .serialized)
struct NativeSurfaceTests {
    @Test("server variables, headers by name and id, method, user, connection, containers, status, chunks")
    func surface() async throws {
        try await FixtureExclusion.surface.run { try await self.surfaceAlone() }
    }

    private func surfaceAlone() async throws {
        let image = try NativeFixtures.fixture("surface")
        let registration = try nativeRegistration("Surface", image: image)
        let cleanups = try #require(NativeFixtures.counter("SurfaceCleanups", in: image))
        let version = try #require(NativeFixtures.counter("SurfaceServerVersion", in: image))
        #expect(version() == 10)
        let before = cleanups()
        try await withServer(makePipeline(modules: [registration, textHandler()])) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/surface?q=1", headers: ["X-Custom: c"])
            #expect(response.status == 201)
            #expect(response.statusLine.hasSuffix("201 Made Here"))
            #expect(response.text == "surface")
            #expect(response.header("X-Var-Method") == "GET")
            #expect(response.header("X-Var-Url-Wide") == "/surface")
            #expect(response.header("X-Var-Unknown") == "0x80070585")
            #expect(response.header("X-Host-By-Id") == "localhost")
            #expect(response.header("X-Missing") == "null,0")
            #expect(response.header("X-Request-Added") == "one, two")
            #expect(response.header("X-Method") == "GET")
            #expect(response.header("X-User") == "none")
            #expect(response.header("X-Connected") == "1")
            #expect(response.header("X-Context-Set") == "0x00000000 0x80070055 found")
            #expect(response.header("X-Clone") == "0x80070032")
            #expect(response.header("X-Site") == "1 Default Web Site")
            #expect(response.header("X-Remote") == "127.0.0.1 port")
            #expect(response.header("X-Dispensed") == "0x00000000 1")
            #expect(response.header("X-Description") == "described")
            #expect(response.header("X-Application")?.hasPrefix("/LM/W3SVC/1/ROOT MACHINE/WEBROOT/APPHOST/Default Web Site") == true)
            #expect(response.header("X-Raw") == "4 /surface?q=1 1.1 localhost c http://localhost/surface?q=1 /surface ?q=1 addr")
            #expect(response.header("X-Temp") == nil)
            #expect(response.header("Content-Type") == "text/x-surface")
            #expect(response.header("X-Type-Read") == "text/x-surface")
            #expect(response.header("X-Alloc") == "ok")
            #expect(response.header("X-Sent") == "0x00000000 7")
            #expect(await eventually { cleanups() - before == 1 }, "CleanupStoredContext once at request end")

            let redirect = try client.get("/surface/redirect")
            #expect(redirect.status == 302)
            #expect(redirect.header("Location") == "http://localhost/elsewhere")

            try client.send(TestClient.request("POST", "/surface/body", body: "hello, body!"))
            let echoed = try client.readResponse()
            #expect(echoed.text == "hello, body!")
            #expect(echoed.header("X-Remaining") == "12")
            #expect(echoed.header("X-End") == "0x80070026")
            #expect(echoed.header("X-Connection-Alloc") == "ok")

            let rewritten = try client.get("/surface/seturl")
            #expect(rewritten.text == "handled /rewritten")
        }
        try await Task.sleep(for: .milliseconds(20))
        #expect(cleanups() - before == 1)
        // Unsupported calls return ERROR_NOT_SUPPORTED and are reported (logged) once per module.
        #expect(NativeModuleDiagnostics.unsupportedMethods(of: "Surface") == ["IHttpContext::CloneContext"])
    }
}
