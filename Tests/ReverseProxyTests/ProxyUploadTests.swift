import Foundation
import Pipeline
import ReverseProxy
import Server
import TestSupport
import Testing

/// Request bodies streamed to the upstream as they arrive, with back-pressure both ways: the
/// server holds at most `maxStreamedBodyBufferBytes` (plus one socket read) of a body, however
/// large, and stops reading the client while the upstream does not take it.
@Suite("Reverse proxy uploads", .serialized)
struct ProxyUploadTests {
    static let size = 64 * 1024 * 1024
    static let bound = 64 * 1024
    /// One socket read (NIO reads at most 64 KiB at a time) may land on a full buffer.
    static let boundWithRead = bound + 64 * 1024

    /// Request filtering's `maxAllowedContentLength` (30,000,000 by default) raised for 64 MiB.
    static let largeBodies = RequestFiltering(maxAllowedContentLength: 128 * 1024 * 1024)

    /// A proxy site to a fresh upstream that takes large bodies, with a probe of each request's stream.
    static func withUploadSite(filters: [ScriptedFilter] = [], pooledFilters: Bool = false,
                               configure: (inout ServerConfiguration) -> Void = Self.configure,
                               _ body: (TestUpstream, BodyProbe, Int) async throws -> Void) async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let probe = BodyProbe()
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)", filters: filters, pooledFilters: pooledFilters,
                                             observers: [probe], requestFiltering: largeBodies)
        try await withServer(pipeline, configure: configure) { _, port in try await body(upstream, probe, port) }
    }

    static func configure(_ configuration: inout ServerConfiguration) {
        configuration.limits.maxBodyBytes = 128 * 1024 * 1024
        configuration.limits.maxStreamedBodyBufferBytes = bound
    }

    @Test("a 64 MiB POST (Content-Length, then chunked) reaches the upstream whole, byte-exact and framed as sent; the server held at most its bound",
          arguments: [false, true])
    func upload(chunked: Bool) async throws {
        try await Self.withUploadSite { upstream, probe, port in
            let client = try TestClient(port: port, timeout: .seconds(120))
            #expect(Upload.arrivedIntact(try Upload.post(client, size: Self.size, chunked: chunked), size: Self.size))
            let head = try #require(upstream.lastHead)
            #expect(head.headers["Transfer-Encoding"] == (chunked ? ["chunked"] : []))
            #expect(head.headers["Content-Length"] == (chunked ? [] : [String(Self.size)]))
            #expect(await eventually { probe.requests.count == 1 })
            let seen = try #require(probe.requests.first)
            #expect(seen.streamed, "the body streamed")
            #expect(seen.received == Self.size)
            #expect(seen.highWaterMark > 0 && seen.highWaterMark <= Self.boundWithRead,
                    "the server held \(seen.highWaterMark) body bytes at once (bound \(Self.bound))")
            let after = try client.get("/echo/after")
            #expect(after.status == 200, "the connection stays usable")
        }
    }

    @Test("an HTTP/2 upload streams too: whole and byte-exact at the upstream, the server holding at most the bound and one flow-control window",
          arguments: [true, false])
    func http2Upload(declaresLength: Bool) async throws {
        let window = 65_535
        try await Self.withUploadSite(configure: { configuration in
            Self.configure(&configuration)
            configuration.http2.streamWindowBytes = window
        }) { upstream, probe, port in
            let size = 8 * 1024 * 1024
            var body: [UInt8] = []
            body.reserveCapacity(size)
            while body.count < size { body += TestUpstream.patternSlice(from: body.count, count: min(65_536, size - body.count)) }
            let client = try await H2TestClient.connect(port: port)
            let response = try await client.request("/sink", method: .POST,
                                                    headers: declaresLength ? [("content-length", String(size))] : [],
                                                    body: body)
            await client.close()
            #expect(response.status == 200)
            #expect(response.header("X-Received-Length") == String(size))
            #expect(response.header("X-Pattern") == "intact")
            #expect(upstream.lastHead?.headers["Transfer-Encoding"] == (declaresLength ? [] : ["chunked"]))
            #expect(await eventually { probe.requests.count == 1 })
            let seen = try #require(probe.requests.first)
            #expect(seen.streamed && seen.received == size)
            // Frames the stream channel held while the body stream was full arrive together when it reads again.
            #expect(seen.highWaterMark <= Self.bound + window + 16_384, "the server held \(seen.highWaterMark) body bytes at once")
        }
    }

    @Test("an upstream that stops reading: the server stops reading the client, whose send blocks; the upload completes once the upstream reads")
    func slowUpstreamBlocksClient() async throws {
        try await Self.withUploadSite(configure: { configuration in
            Self.configure(&configuration)
            configuration.limits.minBodyBytesPerSecond = 0  // the client is stalled by the server here
        }) { upstream, probe, port in
            let client = try TestClient(port: port, timeout: .seconds(120))
            try client.send("POST /sink/held HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(Self.size)\r\n\r\n")
            let sender = Upload.inBackground(client, size: Self.size)
            #expect(await eventually { upstream.sink.withLock { $0.held != nil } })
            // Until what the client got to send stops growing: the kernel's socket buffers (a few
            // MiB each way on loopback) and the server's bound are all that can be in flight.
            let stalled = await Upload.waitUntilStalled(sender)
            #expect(stalled, "the client's send did not stop")
            let sentMeanwhile = sender.sent
            #expect(sentMeanwhile < Self.size / 2, "the client sent \(sentMeanwhile) of \(Self.size) bytes to an upstream that reads nothing")
            #expect(!sender.finished)
            upstream.releaseHeld()
            #expect(await eventually(timeout: .seconds(120)) { sender.finished })
            #expect(sender.failure == nil)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("X-Received-Length") == String(Self.size))
            #expect(response.header("X-Pattern") == "intact")
            #expect(await eventually { probe.requests.count == 1 })
            let seen = try #require(probe.requests.first)
            #expect(seen.highWaterMark <= Self.boundWithRead, "the server held \(seen.highWaterMark) body bytes at once")
        }
    }

    @Test("a client that leaves mid-upload: the upstream request is aborted (its connection closed, no request completed) and the server goes on")
    func clientLeavesMidUpload() async throws {
        try await Self.withUploadSite { upstream, probe, port in
            let leaving = try TestClient(port: port)
            try leaving.send("POST /sink HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(Self.size)\r\n\r\n")
            try Upload.send(leaving, size: 4 * 1024 * 1024, chunked: false)
            #expect(await eventually { upstream.sinkBytes > 0 }, "the body streams before it is whole")
            leaving.close()
            #expect(await eventually { upstream.closedConnections == 1 }, "the upstream connection is closed")
            #expect(upstream.requests == 0, "the upstream never saw a complete request")
            #expect(await eventually { probe.requests.count == 1 }, "the client's request completed (nothing waits for its body)")
            let next = try TestClient(port: port).get("/echo/after")
            #expect(next.status == 200)
            #expect(upstream.connections == 2, "the aborted upstream connection was not reused")
        }
    }

    @Test("with a pooled filter (the request reaches the proxy on a pool thread) uploads still stream whole and within the bound")
    func pooledFilterUpload() async throws {
        let filter = ScriptedFilter("Pooled", flags: [.preprocHeaders, .authComplete]) { _, _ in .nextNotification }
        try await Self.withUploadSite(filters: [filter], pooledFilters: true) { _, probe, port in
            let client = try TestClient(port: port, timeout: .seconds(60))
            let size = 16 * 1024 * 1024
            for chunked in [false, true] {
                #expect(Upload.arrivedIntact(try Upload.post(client, size: size, chunked: chunked), size: size))
            }
            #expect(await eventually { probe.requests.count == 2 })
            for seen in probe.requests {
                #expect(seen.streamed && seen.received == size)
                #expect(seen.highWaterMark <= Self.boundWithRead, "the server held \(seen.highWaterMark) body bytes at once")
            }
        }
    }

    @Test("two uploads pipelined on one connection: both stream, in order, whole and within the bound")
    func pipelinedUploads() async throws {
        try await Self.withUploadSite { upstream, probe, port in
            let client = try TestClient(port: port, timeout: .seconds(60))
            let first = 8 * 1024 * 1024, second = 3 * 1024 * 1024 + 17
            let sender = Upload.Sender()
            nonisolated(unsafe) let pipelined = client
            Thread.detachNewThread {
                do {
                    try pipelined.send("POST /sink/1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(first)\r\n\r\n")
                    try Upload.send(pipelined, size: first, chunked: false)
                    try pipelined.send("POST /sink/2 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
                    try Upload.send(pipelined, size: second, chunked: true)
                    sender.finish(nil)
                } catch {
                    sender.finish("\(error)")
                }
            }
            let one = try client.readResponse()
            let two = try client.readResponse()
            #expect(one.header("X-Received-Length") == String(first) && one.header("X-Pattern") == "intact")
            #expect(two.header("X-Received-Length") == String(second) && two.header("X-Pattern") == "intact")
            #expect(await eventually { sender.finished })
            #expect(sender.failure == nil)
            #expect(await eventually { probe.requests.count == 2 })
            for seen in probe.requests {
                #expect(seen.streamed, "both bodies streamed")
                #expect(seen.highWaterMark <= Self.boundWithRead, "the server held \(seen.highWaterMark) body bytes at once")
            }
        }
    }

    @Test("a chunked upload past request filtering's limit: the upstream request is aborted and the client gets 413")
    func chunkedUploadOverLimit() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "http://127.0.0.1:\(upstream.port)",
                                             requestFiltering: RequestFiltering(maxAllowedContentLength: 1024 * 1024), log: log)
        try await withServer(pipeline, configure: Self.configure) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            try client.send("POST /sink HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
            let sender = Upload.inBackground(client, size: 4 * 1024 * 1024, chunked: true)
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(await eventually { upstream.closedConnections == 1 }, "the upstream connection is closed")
            #expect(upstream.requests == 0, "the upstream never saw a complete request")
            #expect(await eventually { sender.finished })
            #expect(log.lines.contains { $0.contains("request body is larger than the 1048576 bytes") }, "\(log.lines)")
        }
    }

    @Test("on a proxy site, a module that may read bodies before the handler gets the body whole, and the proxy still forwards it")
    func earlyReaderGetsWholeBody() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let reader = EarlyBodyReader()
        let proxy = ReverseProxy(settings: ProxySite.settings(), logger: CapturedLog().logger(label: "proxy"))
        let pipeline = RequestPipeline(
            site: SiteInfo(physicalPath: "/srv/site"),
            modules: [ReverseProxyModule.registration(proxy: proxy, handlerTargets: ["app": "http://127.0.0.1:\(upstream.port)"]),
                      ModuleRegistration(name: "EarlyReader", factory: ClosureModuleFactory { _ in reader }, notifications: .beginRequest)],
            handlers: [HandlerMapping(name: "app", path: "*", verb: "*", modules: [ReverseProxyModule.name])])
        let size = 3 * 1024 * 1024
        try await withServer(pipeline, configure: Self.configure) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            #expect(Upload.arrivedIntact(try Upload.post(client, size: size, chunked: false), size: size))
            #expect(reader.seen.withLock { $0 } == [size], "BeginRequest saw the whole body")
        }
    }
}

/// Records what each completed request's streamed body did.
final class BodyProbe: RequestObserver {
    struct Seen: Sendable {
        let streamed: Bool
        let received: Int
        let highWaterMark: Int
    }

    private let seen = Locked<[Seen]>([])
    var requests: [Seen] { seen.withLock { $0 } }

    func requestCompleted(_ context: HttpContext) {
        let stream = context.request.bodyStream
        let entry = Seen(streamed: stream != nil, received: stream?.receivedBytes ?? context.request.body.count,
                         highWaterMark: stream?.highWaterMark ?? context.request.body.count)
        seen.withLock { $0.append(entry) }
    }
}

/// A BeginRequest module that may read bodies (the default registration): records
/// `GetRemainingEntityBytes` as it sees it.
final class EarlyBodyReader: HttpModule, @unchecked Sendable {
    let seen = Locked<[Int]>([])

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        let remaining = context.request.remainingEntityBytes
        seen.withLock { $0.append(remaining) }
        return .continue
    }
}

/// A client's upload of `TestUpstream.byte(at:)` bytes.
enum Upload {
    /// `POST path` with a body of `size` pattern bytes, framed by length or chunked; the response.
    static func post(_ client: TestClient, _ path: String = "/sink", size: Int, chunked: Bool) throws -> TestResponse {
        let framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: \(size)"
        try client.send("POST \(path) HTTP/1.1\r\nHost: localhost\r\n\(framing)\r\n\r\n")
        try send(client, size: size, chunked: chunked)
        return try client.readResponse()
    }

    /// The upstream's /sink answer says it got `size` bytes of the pattern, unchanged.
    static func arrivedIntact(_ response: TestResponse, size: Int) -> Bool {
        response.status == 200 && response.header("X-Received-Length") == String(size) && response.header("X-Pattern") == "intact"
    }

    static func send(_ client: TestClient, size: Int, chunked: Bool, progress: ((Int) -> Void)? = nil) throws {
        var offset = 0
        while offset < size {
            let count = min(65_536, size - offset)
            let part = TestUpstream.patternSlice(from: offset, count: count)
            if chunked {
                try client.send(String(count, radix: 16) + "\r\n")
                try client.send(part)
                try client.send("\r\n")
            } else {
                try client.send(part)
            }
            offset += count
            progress?(offset)
        }
        if chunked { try client.send("0\r\n\r\n") }
    }

    /// The bytes a sending thread got into the socket so far.
    final class Sender: @unchecked Sendable {
        private let state = Locked<(sent: Int, finished: Bool, failure: String?)>((0, false, nil))
        var sent: Int { state.withLock { $0.sent } }
        var finished: Bool { state.withLock { $0.finished } }
        var failure: String? { state.withLock { $0.failure } }
        func progressed(_ sent: Int) { state.withLock { $0.sent = sent } }
        func finish(_ failure: String?) { state.withLock { $0.finished = true; $0.failure = failure } }
    }

    /// Sends `size` bytes on a thread of its own (its `send` blocks while the server does not read).
    static func inBackground(_ client: TestClient, size: Int, chunked: Bool = false) -> Sender {
        let sender = Sender()
        nonisolated(unsafe) let client = client
        Thread.detachNewThread {
            do {
                try send(client, size: size, chunked: chunked) { sender.progressed($0) }
                sender.finish(nil)
            } catch {
                sender.finish("\(error)")
            }
        }
        return sender
    }

    /// Waits until the sender's progress stays the same over a few checks (true), or it finished.
    static func waitUntilStalled(_ sender: Sender) async -> Bool {
        var last = -1
        var unchanged = 0
        for _ in 0..<300 {
            try? await Task.sleep(for: .milliseconds(100))
            if sender.finished { return false }
            let now = sender.sent
            unchanged = now == last ? unchanged + 1 : 0
            last = now
            if unchanged >= 5 { return true }
        }
        return false
    }
}
