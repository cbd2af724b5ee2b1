#if canImport(Glibc)
import Glibc
#endif
import Pipeline
import Server
import TestSupport
import Testing

@Suite("Limits answer clearly and never leak", .serialized)
struct LimitTests {
    @Test("a malformed request line gets 400 with a readable reason, then close")
    func malformed() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / NOT-HTTP\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.text.contains("could not be parsed"))
            #expect(response.header("Connection") == "close")
            #expect(client.waitForClose())

            let badHeader = try TestClient(port: port)
            try badHeader.send("GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n")
            #expect(try badHeader.readResponse().status == 400)

            let badEscape = try TestClient(port: port)
            #expect(try badEscape.get("/%zz").status == 400, "the pipeline refuses an undecodable URL")
            #expect(badEscape.waitForClose())
            #expect(await eventually { recorder.closeCount == 3 })
        }
        #expect(await eventually { recorder.accounting.liveConnectionArenas == 0 })
    }

    @Test("an answer owed before a malformed request still comes first")
    func malformedAfterGoodRequest() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            try client.send(TestClient.request("GET", "/pending") + "GET / BROKEN\r\n\r\n")
            #expect(try client.readResponse().text == "finished later")
            #expect(try client.readResponse().status == 400)
            #expect(client.waitForClose())
        }
    }

    @Test("headers over the limit get 431")
    func headersTooLarge() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: { $0.limits.maxHeaderBytes = 4096 }) { _, port in
            let client = try TestClient(port: port)
            let big = String(repeating: "a", count: 6000)
            try client.send(TestClient.request("GET", "/", headers: ["X-Big: \(big)"]))
            let response = try client.readResponse()
            #expect(response.status == 431)
            #expect(response.text.contains("4096 bytes"))
            #expect(client.waitForClose())

            let many = try TestClient(port: port)
            try many.send(TestClient.request("GET", "/", headers: (0..<200).map { "X-H\($0): 0123456789abcdef" }))
            #expect(try many.readResponse().status == 431)
        }
    }

    @Test("a body over the limit gets 413, announced or chunked")
    func bodyTooLarge() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: { $0.limits.maxBodyBytes = 1000 }) { _, port in
            let announced = try TestClient(port: port)
            try announced.send(TestClient.request("POST", "/body", body: String(repeating: "x", count: 5000)))
            let response = try announced.readResponse()
            #expect(response.status == 413)
            #expect(response.text.contains("1000 bytes"))
            #expect(announced.waitForClose())

            let chunked = try TestClient(port: port)
            let chunk = String(repeating: "y", count: 600)
            try chunked.send("POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
            #expect(try chunked.readResponse().status == 413)

            let fits = try TestClient(port: port)
            try fits.send(TestClient.request("POST", "/body", body: String(repeating: "z", count: 1000)))
            #expect(try fits.readResponse().body.count == 1000)
        }
    }

    @Test("an idle keep-alive connection is closed after the idle timeout, and freed")
    func idleTimeout() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: { $0.timeouts.idle = .milliseconds(200) }) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/probe/alloc").status == 200)
            let start = ContinuousClock.now
            #expect(client.waitForClose())
            #expect(ContinuousClock.now - start >= .milliseconds(150))
            #expect(await eventually { recorder.closeCount == 1 && recorder.liveConnections == 0 })
        }
        #expect(await eventually { recorder.accounting.liveConnectionArenas == 0 && recorder.accounting.liveConnectionBytes == 0 })
    }

    @Test("a client still taking a large response is not idle; one that takes nothing is closed")
    func slowReader() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: {
            $0.timeouts.idle = .milliseconds(100)
            $0.timeouts.slowClient = .milliseconds(1500)
        }) { _, port in
            let patient = try TestClient(port: port)
            try patient.send(TestClient.request("GET", "/big"))
            usleep(400_000)  // longer than the idle timeout, with the response stuck in buffers
            #expect(try patient.readResponse().body.count == 32 * 1024 * 1024)

            let closing = try TestClient(port: port)
            try closing.send(TestClient.request("GET", "/big", headers: ["Connection: close"]))
            usleep(400_000)
            #expect(try closing.readResponse().body.count == 32 * 1024 * 1024)

            let stalled = try TestClient(port: port)
            try stalled.send(TestClient.request("GET", "/big"))
            #expect(await eventually(timeout: .seconds(5)) { recorder.closeCount >= 1 })
        }
    }

    @Test("a client that stalls mid-request gets 408 and is closed")
    func slowClient() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: { $0.timeouts.slowClient = .milliseconds(200) }) { _, port in
            let head = try TestClient(port: port)
            try head.send("GET /slow HTTP/1.1\r\nHost: x\r\n")
            let response = try head.readResponse()
            #expect(response.status == 408)
            #expect(head.waitForClose())

            let body = try TestClient(port: port)
            try body.send("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try body.readResponse().status == 408)
        }
    }

    @Test("connections over the cap get 503 and are closed; a freed slot admits again")
    func connectionCap() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: { $0.limits.maxConnections = 2 }) { server, port in
            let first = try TestClient(port: port)
            let second = try TestClient(port: port)
            #expect(try first.get("/1").status == 200)
            #expect(try second.get("/2").status == 200)

            let third = try TestClient(port: port)
            try third.send(TestClient.request("GET", "/3"))
            let refused = try third.readResponse()
            #expect(refused.status == 503)
            #expect(refused.text.contains("2 open connections"))
            #expect(third.waitForClose())
            #expect(try second.get("/2again").status == 200, "admitted connections are unaffected")

            first.close()
            #expect(await eventually { server.connectionCount == 1 })
            let fourth = try TestClient(port: port)
            #expect(try fourth.get("/4").status == 200)
        }
    }

    @Test("an unsupported HTTP version gets 505")
    func unsupportedVersion() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 505 || response.status == 400)
            #expect(client.waitForClose())
        }
    }
}
