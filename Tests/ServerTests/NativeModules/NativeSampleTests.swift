import Memory
import NativeModules
import Pipeline
import TestSupport
import Testing

/// The two documented samples (fact sheet §5), loaded from the libraries the package builds.
@Suite("Native modules: the documented samples", .serialized)
struct NativeSampleTests {
    @Test("Hello World answers 200 text/plain 'Hello World!' for any URL and skips to the end stages")
    func helloWorld() async throws {
        let image = try NativeFixtures.example("HelloWorld")
        let recording = EventLog()
        let watcher = ClosureModule.registration(
            "StageWatcher", [.authenticateRequest, .executeRequestHandler, .logRequest, .endRequest]
        ) { notification, _ in
            recording.append("\(notification)")
            return .continue
        }
        let pipeline = makePipeline(modules: [try nativeRegistration("HelloWorld", image: image), watcher])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            for path in ["/", "/does/not/exist.aspx", "/index.html?x=1"] {
                recording.clear()
                let response = try client.get(path)
                #expect(response.status == 200)
                #expect(response.header("Content-Type") == "text/plain")
                #expect(response.text == "Hello World!")
                #expect(response.header("Content-Length") == "12")
                #expect(await eventually { recording.all.contains("EndRequest") })
                #expect(recording.all == ["LogRequest", "EndRequest"])
            }
            let post = try client.get("/form", method: "POST")
            #expect(post.status == 200)
            #expect(post.text == "Hello World!")
            let head = try client.get("/head", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.header("Content-Type") == "text/plain")
            #expect(head.body.isEmpty)
        }
        pipeline.terminate()
    }

    @Test("the User-Agent module is invisible on the wire")
    func userAgentInvisible() async throws {
        let image = try NativeFixtures.example("UserAgent")
        let plain = makePipeline(modules: [textHandler()])
        let withModule = makePipeline(modules: [try nativeRegistration("UserAgent", image: image), textHandler()])
        func fetch(_ pipeline: RequestPipeline, headers: [String]) async throws -> TestResponse {
            try await withServer(pipeline) { _, port in try TestClient(port: port).get("/page", headers: headers) }
        }
        for headers in [["User-Agent: curl/8.5.0"], []] {
            let a = try await fetch(plain, headers: headers)
            let b = try await fetch(withModule, headers: headers)
            #expect(a.statusLine == b.statusLine)
            #expect(a.body == b.body)
            #expect(a.headers.filter { $0.0 != "Date" }.map { "\($0.0): \($0.1)" }
                    == b.headers.filter { $0.0 != "Date" }.map { "\($0.0): \($0.1)" })
        }
    }

    @Test("the User-Agent module makes one request-arena allocation of strlen(User-Agent)+1, freed at request end")
    func userAgentAllocation() async throws {
        let image = try NativeFixtures.example("UserAgent")
        let recording = EventLog()
        let before = ClosureModule.registration("Before", .beginRequest, priority: .first) { _, context in
            let arena = context.connection.requestArena
            recording.append("before \(arena.liveBlocks) \(arena.liveBytes)")
            return .continue
        }
        let after = ClosureModule.registration("After", .endRequest) { _, context in
            let arena = context.connection.requestArena
            recording.append("after \(arena.liveBlocks) \(arena.liveBytes)")
            return .continue
        }
        let pipeline = makePipeline(modules: [before, try nativeRegistration("UserAgent", image: image), after, textHandler()])
        let agent = "isapi-bridge-test/1.0 (native)"
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/", headers: ["User-Agent: \(agent)"])
            #expect(response.text == "handled /")
            #expect(await eventually { recording.all.count == 2 })
            let seen = recording.all
            let (blocks0, bytes0) = try parse(seen[0])
            let (blocks1, bytes1) = try parse(seen[1])
            #expect(blocks1 - blocks0 == 1)
            #expect(bytes1 - bytes0 == agent.utf8.count + 1)

            // The next request on the connection starts with the block released, and allocates
            // nothing without a User-Agent header.
            recording.clear()
            _ = try client.get("/", headers: [])
            #expect(await eventually { recording.all.count == 2 })
            let (b0, bytes2) = try parse(recording.all[0])
            let (b1, _) = try parse(recording.all[1])
            #expect(b0 == 0 && bytes2 == 0, "the first request's block was released at its end")
            #expect(b1 == b0, "no allocation without a User-Agent header")
        }
    }

    private func parse(_ line: String) throws -> (Int, Int) {
        let parts = line.split(separator: " ")
        return (try #require(Int(parts[1])), try #require(Int(parts[2])))
    }
}
