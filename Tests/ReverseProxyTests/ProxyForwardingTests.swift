import Foundation
import Pipeline
import ReverseProxy
import TestSupport
import Testing

/// Requests forwarded to a real upstream over loopback, answers streamed back.
@Suite("Reverse proxy forwarding", .serialized)
struct ProxyForwardingTests {
    @Test("a GET is forwarded with its path and query; the upstream's answer comes back")
    func get() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/echo/path?x=1")
            #expect(response.status == 200)
            #expect(response.header("X-Upstream") == "a")
            #expect(response.text.hasPrefix("GET /echo/path?x=1\n"))
            let second = try client.get("/echo/again")
            #expect(second.text.hasPrefix("GET /echo/again\n"), "the client connection stays usable")
        }
    }

    @Test("HEAD: the upstream's Content-Length, no body, and the connections stay usable")
    func head() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let head = try client.get("/echo/same", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect((Int(head.header("Content-Length") ?? "") ?? 0) > 0, "the upstream's length of the GET answer")
            let after = try client.get("/echo/after")
            #expect(after.text.hasPrefix("GET /echo/after\n"))
            #expect(upstream.connections == 1)
        }
    }

    @Test("an 8 MiB POST body reaches the upstream and 8 MiB come back intact")
    func largePost() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            let size = 8 * 1024 * 1024
            let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            try client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(size)\r\n\r\n")
            try client.send(body)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("X-Received-Length") == String(size))
            #expect(response.body.count == size)
            #expect(response.body == body)
        }
    }

    @Test("a chunked upstream answer reaches the client whole")
    func chunked() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/chunked")
            #expect(response.status == 200)
            #expect(response.text == "one,two,three,four")
            let answer1 = try client.get("/echo/next")
            #expect(answer1.status == 200, "keep-alive after a chunked answer")
        }
    }

    @Test("a large answer streams: while the client does not read, the upstream is not read either")
    func largeAnswerStreams() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        // About 10 MiB sit in the sockets' buffers on loopback here (they grow up to tcp_rmem's
        // maximum): the bound checked is half the body.
        let size = 64 * 1024 * 1024
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(60))
            try client.send("GET /large/\(size) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            var response = try client.readHead()
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == String(size))
            // The client reads nothing for a while: the upstream is then read only as far as the
            // kernel's socket buffers (a few MiB each way on loopback) and the server's
            // unsent-bytes bound allow; a proxy that buffered the body would have taken all of it
            // from a loopback upstream by then.
            for _ in 0..<20 { try await Task.sleep(for: .milliseconds(100)) }
            let writtenMeanwhile = upstream.state.withLock { $0.largeBytesWritten }
            #expect(writtenMeanwhile < size / 2, "the upstream wrote \(writtenMeanwhile) of \(size) bytes for a client that reads nothing")
            #expect(!upstream.state.withLock { $0.largeFinished })
            try client.readBody(of: &response)
            #expect(response.body.count == size)
            #expect(TestUpstream.isPattern(response.body), "every byte arrives in order")
        }
    }

    @Test("a client that leaves during a large answer: the upstream connection is closed, not pooled, and the server goes on")
    func clientLeaves() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let leaving = try TestClient(port: port)
            try leaving.send("GET /large/\(48 * 1024 * 1024) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            _ = try leaving.readHead()
            leaving.close()
            let closed = await eventually(timeout: .seconds(10)) { upstream.closedConnections == 1 }
            #expect(closed, "the upstream connection of the abandoned answer is closed")
            #expect(!upstream.state.withLock { $0.largeFinished })
            let next = try TestClient(port: port).get("/echo/after")
            #expect(next.status == 200)
            #expect(upstream.connections == 2, "the next request gets a new upstream connection")
        }
    }

    @Test("hop-by-hop headers are dropped both ways; Via and X-Forwarded-* are added")
    func headers() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let echoed = try client.get("/echo", headers: ["Connection: X-Private", "X-Private: secret", "Keep-Alive: timeout=3",
                                                           "TE: trailers", "Upgrade: websocket", "Proxy-Connection: keep-alive",
                                                           "X-Forwarded-For: 10.0.0.1", "X-Custom: kept"],
                                        host: "front.example")
            let sent = echoed.text.lowercased()
            for name in ["x-private", "keep-alive", "te:", "upgrade", "proxy-connection"] {
                #expect(!sent.contains(name), "\(name) reached the upstream:\n\(echoed.text)")
            }
            #expect(echoed.text.contains("X-Custom: kept"))
            #expect(echoed.text.contains("Host: front.example"), "the client's Host is kept by default")
            #expect(echoed.text.contains("X-Forwarded-For: 10.0.0.1, 127.0.0.1"))
            #expect(echoed.text.contains("X-Forwarded-Proto: http"))
            #expect(echoed.text.contains("X-Forwarded-Host: front.example"))
            #expect(echoed.text.contains("Via: 1.1 isapi-bridge"))
            let answer = try client.get("/hop")
            #expect(answer.text == "hop")
            #expect(answer.header("X-Kept") == "yes")
            for name in ["X-Secret", "Keep-Alive", "Trailer", "Upgrade", "Proxy-Connection"] {
                #expect(answer.header(name) == nil, "\(name) reached the client")
            }
            #expect(answer.header("Via") == "1.1 isapi-bridge")
        }
    }

    @Test("X-Forwarded-Host can be turned off; the upstream's own Host can be sent instead")
    func hostSettings() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        var settings = ProxySite.settings()
        settings.forwardedHost = false
        settings.preserveHost = false
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)", settings: settings)
        try await withServer(pipeline) { _, port in
            let echoed = try TestClient(port: port).get("/echo", host: "front.example")
            #expect(echoed.text.contains("Host: 127.0.0.1:\(upstream.port)"))
            #expect(!echoed.text.contains("X-Forwarded-Host"))
        }
    }

    @Test("a Location at the upstream's origin is mapped back to the client's")
    func locationMappedBack() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let response = try TestClient(port: port).get("/redirect", host: "front.example")
            #expect(response.status == 302)
            #expect(response.header("Location") == "http://front.example/moved")
            #expect(response.header("Content-Location") == "http://front.example/here")
        }
    }

    @Test("keep-alive: several requests on one client connection reuse one upstream connection")
    func upstreamReuse() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            for index in 0..<20 {
                let response = try client.get("/echo/\(index)")
                #expect(response.status == 200)
            }
            #expect(upstream.requests == 20)
            #expect(upstream.connections == 1, "\(upstream.connections) upstream connections for 20 sequential requests")
        }
    }
}
