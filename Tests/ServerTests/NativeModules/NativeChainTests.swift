import NativeModules
import Pipeline
import TestSupport
import Testing

@Suite("Native modules in a chain with Swift modules", .serialized)
struct NativeChainTests {
    @Test("the connection counter counts 1, 2, 3 on one keep-alive socket; stored contexts are cleaned up once")
    func connectionCounter() async throws {
        let image = try NativeFixtures.example("ConnectionCounter")
        let pipeline = makePipeline(modules: [try nativeRegistration("ConnectionCounter", image: image), textHandler()])
        let cleanups = try #require(NativeFixtures.counter("ConnectionCounterCleanups", in: image))
        let disconnects = try #require(NativeFixtures.counter("ConnectionCounterDisconnects", in: image))
        let startCleanups = cleanups()
        let startDisconnects = disconnects()
        try await withServer(pipeline) { _, port in
            let first = try TestClient(port: port)
            for expected in 1...3 {
                let response = try first.get("/count")
                #expect(response.header("X-Connection-Request-Count") == "\(expected)")
                #expect(response.text == "handled /count")
            }
            let second = try TestClient(port: port)
            #expect(try second.get("/").header("X-Connection-Request-Count") == "1")
            #expect(try first.get("/").header("X-Connection-Request-Count") == "4")
            first.close()
            second.close()
            #expect(await eventually { cleanups() - startCleanups == 2 })
            #expect(disconnects() - startDisconnects == 2)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(cleanups() - startCleanups == 2, "CleanupStoredContext exactly once per connection")
    }

    @Test("priorities order C++ modules against Swift modules in the same stage")
    func priorities() async throws {
        let image = try NativeFixtures.example("HeaderEcho")
        let recording = EventLog()
        // HeaderEcho (HIGH) copies the request's X-Echo into the response: it sees what FIRST
        // appended and not what MEDIUM and LAST append.
        func appender(_ word: String, _ priority: ModulePriority) -> ModuleRegistration {
            ClosureModule.registration("Append-\(word)", .beginRequest, priority: priority) { _, context in
                recording.append("\(word) saw response X-Echo=\(context.response.headers["X-Echo"] ?? "-")")
                context.request.headers.set("X-Echo", word, replace: false)
                return .continue
            }
        }
        let native = try nativeRegistration("HeaderEcho", image: image)
        let pipeline = makePipeline(modules: [
            appender("last", .last), appender("medium", .medium), native, appender("first", .first), textHandler(),
        ])
        try await withServer(pipeline) { _, port in
            let response = try TestClient(port: port).get("/", headers: ["X-Echo: client"])
            #expect(response.header("X-Echo") == "client, first")
            #expect(await eventually { recording.all.count == 3 })
            #expect(recording.all == [
                "first saw response X-Echo=-",
                "medium saw response X-Echo=client, first",
                "last saw response X-Echo=client, first",
            ])
        }
    }
}
