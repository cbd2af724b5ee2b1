import Pipeline
import Server
import TestSupport
import Testing

@Suite("Connections: keep-alive, pipelining, framing", .serialized)
struct ConnectionTests {
    @Test("two requests on one keep-alive socket share one PipelineConnection and its memory; closing frees it")
    func keepAliveSharesConnection() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            let first = try client.get("/probe/alloc")
            let second = try client.get("/probe/read")
            #expect(first.status == 200)
            #expect(second.status == 200)
            let firstID = first.text.replacingPrefix("conn=")
            #expect(second.text == "conn=\(firstID) intact=true")
            #expect(first.header("Connection") == nil)
            #expect(first.header("Date") != nil)
            #expect(recorder.liveConnections == 1)

            client.close()
            #expect(await eventually { recorder.closeCount == 1 })
            #expect(await eventually { recorder.liveConnections == 0 && recorder.liveArenaObjects == 0 })
            #expect(await eventually { recorder.accounting.liveConnectionArenas == 0 })
            #expect(await eventually { recorder.accounting.liveConnectionBytes == 0 })
            try await Task.sleep(for: .milliseconds(20))
            #expect(recorder.closeCount == 1, "close notification runs exactly once")
        }
    }

    @Test("requests written in one go come back in order")
    func pipelinedInOrder() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            let paths = ["/one", "/two", "/pending", "/three", "/stream", "/four"]
            try client.send(paths.map { TestClient.request("GET", $0) }.joined())
            var bodies: [String] = []
            for _ in paths { bodies.append(try client.readResponse().text) }
            #expect(bodies == ["GET /one", "GET /two", "finished later", "GET /three", "first;second", "GET /four"])
        }
    }

    @Test("a streamed response is chunked on HTTP/1.1 and close-delimited on HTTP/1.0")
    func streamedResponseFraming() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            let chunked = try client.get("/stream")
            #expect(chunked.header("Transfer-Encoding") == "chunked")
            #expect(chunked.text == "first;second")
            #expect(try client.get("/after").text == "GET /after", "the connection stays usable")

            let old = try TestClient(port: port)
            try old.send(TestClient.request("GET", "/stream", headers: ["Connection: keep-alive"], version: "HTTP/1.0"))
            let delimited = try old.readResponse()
            #expect(delimited.header("Transfer-Encoding") == nil)
            #expect(delimited.header("Content-Length") == nil)
            #expect(delimited.text == "first;second")
        }
    }

    @Test("HTTP/1.0 closes unless keep-alive is asked for")
    func http10KeepAlive() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let plain = try TestClient(port: port)
            try plain.send(TestClient.request("GET", "/a", version: "HTTP/1.0"))
            let response = try plain.readResponse()
            #expect(response.text == "GET /a")
            #expect(plain.waitForClose())

            let kept = try TestClient(port: port)
            try kept.send(TestClient.request("GET", "/b", headers: ["Connection: keep-alive"], version: "HTTP/1.0"))
            let first = try kept.readResponse()
            #expect(first.header("Connection")?.lowercased() == "keep-alive")
            try kept.send(TestClient.request("GET", "/c", headers: ["Connection: keep-alive"], version: "HTTP/1.0"))
            #expect(try kept.readResponse().text == "GET /c")
        }
    }

    @Test("Connection: close is honoured and announced")
    func connectionClose() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/bye", headers: ["Connection: close"])
            #expect(response.header("Connection") == "close")
            #expect(client.waitForClose())
            #expect(await eventually { recorder.closeCount == 1 })
        }
    }

    @Test("Content-Length and chunked request bodies reach the pipeline whole")
    func requestBodies() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            try client.send(TestClient.request("POST", "/body", body: "hello body"))
            #expect(try client.readResponse().text == "hello body")
            try client.send("POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "hello world")
            try client.send("POST /body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("abc")
            #expect(try client.readResponse().text == "abc")
        }
    }

    @Test("HEAD gets the headers GET would, and no body")
    func headHasNoBody() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            let head = try client.get("/thing", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "11")  // "HEAD /thing"
            #expect(try client.get("/next").text == "GET /next", "no stray body bytes before the next response")
        }
    }

    @Test("an absolute-form target reaches the pipeline as a path")
    func absoluteForm() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("http://localhost/abs/olute?x=1").text == "GET /abs/olute")
            #expect(try client.get("HTTP://localhost").text == "GET /")
        }
    }

    @Test("a module cannot split the response or break framing")
    func moduleMistakes() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            let injected = try client.get("/inject")
            #expect(injected.header("X-Injected") == nil)
            #expect(injected.status == 500, "a header value with CR or LF fails the response")
            #expect(injected.header("X-Test") == nil)
            #expect(try client.get("/after").text == "GET /after")

            let short = try TestClient(port: port)
            try short.send(TestClient.request("GET", "/short"))
            short.setTimeout(.seconds(2))
            #expect(throws: TestClient.Failure.closed, "a body shorter than announced ends with the connection") {
                try short.readResponse()
            }
        }
    }

    @Test("a request still PENDING when the client leaves completes, then the connection is freed")
    func clientLeavesDuringPending() async throws {
        let recorder = ProbeRecorder()
        try await withServer(probePipeline(recorder)) { _, port in
            let client = try TestClient(port: port)
            _ = try client.get("/probe/alloc")
            try client.send(TestClient.request("GET", "/pending"))
            client.close()
            #expect(await eventually { recorder.closeCount == 1 })
            #expect(await eventually { recorder.liveConnections == 0 })
            #expect(await eventually { recorder.accounting.liveConnectionArenas == 0 })
        }
    }
}

extension String {
    func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
