import Pipeline
import TestSupport
import Testing
@testable import NativeHost

/// The example filters and the broken ones in a real server, over HTTP on loopback.
@Suite(.serialized) struct ExampleFilterServerTests {
    @Test func theCounterGoesOneTwoThreeOnOneConnectionAndBackToOneOnANewOne() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.example("RequestCounterFilter"))])
        try await withServer(pipeline) { _, port in
            let connection = try TestClient(port: port)
            var counts: [String?] = []
            for _ in 0..<3 { counts.append(try connection.get("/").header("X-Request-Count")) }
            #expect(counts == ["1", "2", "3"])
            let other = try TestClient(port: port)
            #expect(try other.get("/").header("X-Request-Count") == "1")
            #expect(try connection.get("/").header("X-Request-Count") == "4")
        }
    }

    /// HTTP/2 (prior knowledge): the streams of one connection share the C filter's
    /// pFilterContext and AllocMem memory, in flight at once or one after another.
    @Test func theCounterIsSharedByTheStreamsOfAnHTTP2Connection() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.example("RequestCounterFilter"))])
        try await withServer(pipeline) { _, port in
            let client = try await H2TestClient.connect(port: port)
            var counts: [String?] = []
            for _ in 0..<3 { counts.append(try await client.request("/").header("X-Request-Count")) }
            #expect(counts == ["1", "2", "3"])
            async let fourth = client.request("/")
            async let fifth = client.request("/")
            let together = try await [fourth, fifth].map { $0.header("X-Request-Count") }
            #expect(Set(together) == ["4", "5"])
            let other = try await H2TestClient.connect(port: port)
            #expect(try await other.request("/").header("X-Request-Count") == "1")
            await other.close()
            await client.close()
        }
    }

    @Test func theRedirectFilterAnswersOnAnHTTP2Stream() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.example("RedirectFilter"))])
        try await withServer(pipeline) { _, port in
            let client = try await H2TestClient.connect(port: port)
            let moved = try await client.request("/old/a.html")
            #expect(moved.status == 301 && moved.header("Location") == "/new/a.html")
            let denied = try await client.request("/admin/")
            #expect(denied.status == 403 && denied.text.hasPrefix("Forbidden"))
            await client.close()
        }
    }

    @Test func responseHeadersOverHTTP() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.example("ResponseHeadersFilter"))])
        try await withServer(pipeline) { _, port in
            let response = try TestClient(port: port).get("/index.html")
            #expect(response.status == 200)
            #expect(response.header("X-Filtered-By") == "ResponseHeadersFilter")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("X-Frame-Options") == "SAMEORIGIN")
        }
    }

    @Test func basicAuthOverHTTP() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.example("BasicAuthFilter"))],
                                          modules: [denyAnonymous(), echoHandler()])
        try await withServer(pipeline) { _, port in
            let connection = try TestClient(port: port)
            let challenged = try connection.get("/private/a")
            #expect(challenged.status == 401)
            #expect(challenged.header("WWW-Authenticate") == "Basic realm=\"isapi-bridge example\"")
            let admitted = try connection.get("/private/a", headers: ["Authorization: Basic Ym9iOmJ1aWxkZXI="])  // bob:builder
            #expect(admitted.status == 200)
            #expect(admitted.text == "/private/a -> /srv/site/private/a as EXAMPLE\\bob user=EXAMPLE\\bob")
        }
    }

    @Test func logRewriteOverHTTP() async throws {
        let entries = LogEntries()
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.example("LogRewriteFilter"))],
                                          modules: [echoHandler(), entries.registration()])
        try await withServer(pipeline) { _, port in
            _ = try TestClient(port: port).get("/reset?key=s3cr3t&lang=en")
        }
        #expect(entries.all.first?.parameters == "key=***&lang=en")
        #expect(entries.all.first?.user == "anonymous")
    }

    @Test func redirectOverHTTP() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.example("RedirectFilter"))])
        try await withServer(pipeline) { _, port in
            let connection = try TestClient(port: port)
            let moved = try connection.get("/old/a.html")
            #expect(moved.status == 301 && moved.header("Location") == "/new/a.html")
            let denied = try connection.get("/admin/")
            #expect(denied.status == 403 && denied.text.hasPrefix("Forbidden"))
            #expect(try connection.get("/index.html").status == 200)
        }
    }

    @Test func rawDataIsEditedBothWaysOverHTTP() async throws {
        let secret = ClosureModule.registration("Secret", .executeRequestHandler) { _, context in
            context.response.write("secret=\(context.request.headers["X-Secret"] ?? "none")")
            return .finishRequest
        }
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("raw_editor"))], modules: [secret])
        try await withServer(pipeline) { _, port in
            let connection = try TestClient(port: port)
            for _ in 0..<2 {
                let response = try connection.get("/", headers: ["X-Secret: 1"])
                #expect(response.status == 200)
                #expect(response.text == "SECRET=0!", "READ_RAW_DATA edited in place, SEND_RAW_DATA replaced the body")
                #expect(response.header("Content-Length") == "9")
            }
        }
    }

    @Test func aFilterAbusingEveryCallbackGetsErrorsAndTheServerKeepsServing() async throws {
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("abuser"))])
        try await withServer(pipeline) { _, port in
            let connection = try TestClient(port: port)
            for _ in 0..<3 {
                let response = try connection.get("/abuse", host: "abuse.test")
                #expect(response.status == 200)
                #expect(response.header("X-Abuse-Checks") == CallbackValidationTests.expectedChecks)
                #expect(response.header("X-Abuse-Failures") == "none")
            }
            #expect(try TestClient(port: port).get("/").status == 200)
        }
    }

    @Test func anAllocMemOverrunIsReportedByNameWhenTheConnectionCloses() async throws {
        let log = CapturedLog()
        let pipeline = try nativePipeline([NativeFilterSpec(path: try NativeFixtures.fixture("overrun"), name: "Overrun")],
                                          memoryLogger: log.logger())
        try await withServer(pipeline) { _, port in
            let connection = try TestClient(port: port)
            #expect(try connection.get("/").status == 200)
        }
        #expect(log.lines.contains { $0.contains("allocated by 'Overrun'") && $0.contains("modified past its end") })
    }

    @Test func aSiteWhoseFilterCannotLoadAnswers503OverHTTP() async throws {
        let (pipeline, error) = NativeFilterSite.pipeline(
            site: SiteInfo(physicalPath: "/srv/site"), modules: [echoHandler()],
            filters: [NativeFilterSpec(path: try NativeFixtures.fixture("no_proc"), name: "Broken")])
        #expect(error?.cause == .missingExport("HttpFilterProc"))
        try await withServer(pipeline) { _, port in
            let response = try TestClient(port: port).get("/")
            #expect(response.status == 503)
            #expect(response.text.contains("ISAPI filter 'Broken'"))
            #expect(response.text.contains("does not export the required entry point HttpFilterProc"))
        }
    }
}
