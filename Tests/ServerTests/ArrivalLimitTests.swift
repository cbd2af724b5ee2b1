import Synchronization
import Server
import TestSupport
import Testing

/// Clients that hold connections by sending slowly, or by opening many: each gets a bounded share.
@Suite("Slow heads, slow bodies, connections per address", .serialized)
struct ArrivalLimitTests {
    /// Sends `piece` every `pause` until the server answers (at most `rounds` times); the answer.
    private func trickle(_ client: TestClient, piece: String, pause: Duration, rounds: Int) async throws -> TestResponse? {
        client.setTimeout(.milliseconds(10))
        for _ in 0..<rounds {
            do {
                try client.send(piece)
            } catch {
                break  // the server closed its side after answering
            }
            if let response = try? client.readResponse() { return response }
            try await Task.sleep(for: pause)
        }
        client.setTimeout(.seconds(2))
        return try? client.readResponse()
    }

    @Test("a head trickling in a byte at a time gets 408 at the head deadline, though it is never idle")
    func headDeadline() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: {
            $0.timeouts.requestHead = .milliseconds(400)
            $0.timeouts.slowClient = .seconds(30)
        }) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n")
            let answer = try await trickle(client, piece: "X", pause: .milliseconds(50), rounds: 200)
            #expect(answer?.status == 408, "\(String(describing: answer?.statusLine))")
            #expect(client.waitForClose())
            // A head sent at once is unaffected.
            #expect(try TestClient(port: port).get("/fine").status == 200)
        }
    }

    @Test("a body slower than the minimum rate gets 408 after the grace period")
    func bodyRate() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: {
            $0.limits.minBodyBytesPerSecond = 2_000
            $0.timeouts.bodyRateGrace = .milliseconds(300)
            $0.timeouts.slowClient = .seconds(30)
        }) { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            let answer = try await trickle(client, piece: "0123456789", pause: .milliseconds(50), rounds: 200)
            #expect(answer?.status == 408, "\(String(describing: answer?.statusLine))")
            // A body sent at once is unaffected.
            let fast = try TestClient(port: port)
            try fast.send(TestClient.request("POST", "/upload", body: String(repeating: "x", count: 5_000)))
            #expect(try fast.readResponse().status == 200)
        }
    }

    @Test("one address gets maxConnectionsPerAddress connections; the next gets 503 until one closes")
    func perAddressCap() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder), configure: { $0.limits.maxConnectionsPerAddress = 2 }) { server, port in
            let first = try TestClient(port: port)
            let second = try TestClient(port: port)
            #expect(try first.get("/1").status == 200)
            #expect(try second.get("/2").status == 200)
            let third = try TestClient(port: port)
            try third.send(TestClient.request("GET", "/3"))
            let refused = try third.readResponse()
            #expect(refused.status == 503)
            #expect(refused.text.contains("your address already has 2 open connections"), "\(refused.text)")
            #expect(third.waitForClose())
            first.close()
            #expect(await eventually { server.connectionCount == 1 })
            #expect(try TestClient(port: port).get("/4").status == 200)
        }
    }

    @Test("every protocol answer is reported by status")
    func protocolAnswersReported() async throws {
        let recorder = ProbeRecorder()
        let seen = Mutex<[Int]>([])
        try await withServer(probePipeline(recorder), configure: {
            $0.limits.maxConnectionsPerAddress = 1
            $0.onProtocolAnswer = { status in seen.withLock { $0.append(status) } }
        }) { server, port in
            let bad = try TestClient(port: port)
            try bad.send("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")
            #expect(try bad.readResponse().status == 400)
            let over = try TestClient(port: port)
            try over.send(TestClient.request("GET", "/x"))
            #expect(try over.readResponse().status == 503)
            bad.close()
            over.close()
            #expect(await eventually { server.connectionCount == 0 })
            let noHost = try TestClient(port: port)
            try noHost.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try noHost.readResponse().status == 400)
        }
        #expect(seen.withLock { $0 }.sorted() == [400, 400, 503])
    }
}
