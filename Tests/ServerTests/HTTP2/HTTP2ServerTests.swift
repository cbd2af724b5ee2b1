import Foundation
import NIOHTTP1
import Pipeline
import Server
import TestSupport
import Testing

/// A filter that counts the requests of its connection in AllocMem memory hung on
/// `pFilterContext`, and logs the count and the END_OF_NET_SESSION.
private func countingFilter(_ log: EventLog) -> ScriptedFilter {
    ScriptedFilter("Count", flags: [.preprocHeaders, .endOfNetSession], log: log) { context, notification in
        if case .preprocHeaders = notification {
            if context.context == nil {
                let memory = context.allocMem(MemoryLayout<Int>.size)
                memory?.storeBytes(of: 0, as: Int.self)
                context.context = memory
            }
            if let counter = context.context {
                let count = counter.load(as: Int.self) + 1
                counter.storeBytes(of: count, as: Int.self)
                log.append("count=\(count)")
            }
        }
        return .nextNotification
    }
}

/// Answers with the protocol the pipeline saw and the request's path and body.
private func protocolModule() -> ModuleRegistration {
    ClosureModule.registration("Protocol", [.executeRequestHandler]) { _, context in
        let body = String(decoding: context.request.body, as: UTF8.self)
        context.response.write("\(context.serverVariable("SERVER_PROTOCOL") ?? "?") \(context.serverVariable("HTTP_VERSION") ?? "?") \(context.request.path) \(body)")
        return .finishRequest
    }
}

@Suite("HTTP/2: the streams of one connection through the same pipeline", .serialized)
struct HTTP2ServerTests {
    @Test func streamsOfOneConnectionShareItsFilterMemoryAndEndOnce() async throws {
        let log = EventLog()
        let pipeline = try filterPipeline([countingFilter(log)], modules: [protocolModule()])
        try await withServer(pipeline) { server, port in
            let client = try await H2TestClient.connect(port: port)
            // Five streams in flight at once on one connection.
            let responses = try await withThrowingTaskGroup(of: H2Response.self) { group in
                for index in 0..<5 {
                    group.addTask { try await client.request("/s\(index)", method: .POST, body: Array("b\(index)".utf8)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.allSatisfy { $0.status == 200 })
            #expect(Set(responses.map(\.text)) == Set((0..<5).map { "HTTP/2 HTTP/2 /s\($0) b\($0)" }))
            #expect(responses.allSatisfy { $0.header("date") != nil && $0.header("content-length") != nil })
            // One pFilterContext for the connection: the count goes 1...5 across its streams.
            #expect(log.all.filter { $0.hasPrefix("count=") } == (1...5).map { "count=\($0)" })
            #expect(!log.all.contains("Count:END_OF_NET_SESSION"))
            await client.close()
            #expect(await eventually { server.connectionCount == 0 })
            #expect(await eventually { log.all.contains("Count:END_OF_NET_SESSION") })
            #expect(log.all.filter { $0 == "Count:END_OF_NET_SESSION" }.count == 1)
            // A new connection starts from NULL again.
            log.clear()
            let other = try await H2TestClient.connect(port: port)
            #expect(try await other.request("/again").status == 200)
            #expect(log.all.contains("count=1"))
            await other.close()
        }
    }

    @Test func http1StillWorksOnAListenerThatOffersHTTP2() async throws {
        let pipeline = try filterPipeline([], modules: [protocolModule()])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            defer { client.close() }
            let response = try client.get("/plain")
            #expect(response.status == 200)
            #expect(response.text == "HTTP/1.1 HTTP/1.1 /plain ")
        }
    }

    @Test func withHTTP2DisabledThePrefaceIsAnHTTP1Error() async throws {
        let pipeline = try filterPipeline([], modules: [protocolModule()])
        try await withServer(pipeline, configure: { $0.http2.enabled = false }) { _, port in
            await #expect(throws: (any Error).self) {
                let client = try await H2TestClient.connect(port: port)
                defer { Task { await client.close() } }
                _ = try await client.request("/x")
            }
        }
    }

    @Test func aBodyOverTheLimitIsAnsweredOnItsStreamOnly() async throws {
        let pipeline = try filterPipeline([], modules: [protocolModule()])
        try await withServer(pipeline, configure: { $0.limits.maxBodyBytes = 1000 }) { _, port in
            let client = try await H2TestClient.connect(port: port)
            let refused = try await client.request("/big", method: .POST, body: Array(repeating: 65, count: 5000))
            #expect(refused.status == 413)
            #expect(refused.text.hasPrefix("413 Content Too Large"))
            // The connection goes on.
            let next = try await client.request("/next")
            #expect(next.status == 200)
            #expect(next.text == "HTTP/2 HTTP/2 /next ")
            await client.close()
        }
    }

    @Test func aLargeFileGoesThroughOneStreamWhole() async throws {
        let path = ScratchDirectory.file("h2-large", suffix: ".bin")
        let bytes = (0..<(3 << 20) + 77).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let module = ClosureModule.registration("File", [.executeRequestHandler]) { _, context in
            context.response.write(ResponseFile(path: path, length: bytes.count))
            return .finishRequest
        }
        try await withServer(try filterPipeline([], modules: [module])) { _, port in
            let client = try await H2TestClient.connect(port: port)
            async let first = client.request("/big")
            async let second = client.request("/big")
            let (a, b) = try await (first, second)
            #expect(a.status == 200 && b.status == 200)
            #expect(a.header("content-length") == String(bytes.count))
            let identical = a.body == bytes && b.body == bytes  // a Bool: no element-wise diff of 3 MiB on failure
            #expect(a.body.count == bytes.count && b.body.count == bytes.count)
            #expect(identical)
            await client.close()
        }
    }

    @Test func aFilterThatFramesItsOwnResponseIsCarriedOnTheStream() async throws {
        let filter = ScriptedFilter("Redirect", flags: [.preprocHeaders]) { context, notification in
            guard case .preprocHeaders = notification else { return .nextNotification }
            try? context.sendResponseHeader(status: "301 Moved Permanently", headers: "Location: /new\r\nContent-Length: 5\r\n\r\n")
            try? context.writeClient(Array("moved".utf8))
            return .finishedKeepConnection
        }
        try await withServer(try filterPipeline([filter], modules: [protocolModule()])) { _, port in
            let client = try await H2TestClient.connect(port: port)
            let moved = try await client.request("/old")
            #expect(moved.status == 301)
            #expect(moved.header("location") == "/new")
            #expect(moved.text == "moved")
            #expect(try await client.request("/after").status == 301)
            await client.close()
        }
    }
}
