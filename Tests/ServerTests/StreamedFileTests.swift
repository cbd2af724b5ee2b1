#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Pipeline
import Server
import Synchronization
import TestSupport
import Testing

/// A site root with a file of several MiB (bytes that differ from one offset to the next, so a
/// misplaced or missing chunk shows) and a small one.
final class BigFileSite {
    static let size = 4 * 1024 * 1024
    let base: String
    let root: String
    let big: [UInt8]

    init(size: Int = BigFileSite.size) throws {
        base = ScratchDirectory.file("stream")
        root = base + "/root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var state: UInt32 = 0x1234_5678
        big = (0..<size).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        try Data(big).write(to: URL(fileURLWithPath: root + "/big.bin"))
        try "small".write(toFile: root + "/small.txt", atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }
}

/// The process's resident memory, which a server holding responses in memory makes grow.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * sysconf(Int32(_SC_PAGESIZE))
}

private final class ChunkCounter: Sendable {
    let count = Mutex(0)
}

@Suite("Streamed static files", .serialized)
struct StreamedFileTests {
    /// Measures the test process's resident memory: scripts/test.sh runs it in a process of its own
    /// (other suites allocating meanwhile would count as the server's).
    @Test("a client pipelining GETs of a big file without reading pins no response memory; others are served; every byte arrives")
    func clientThatDoesNotRead() async throws {
        let site = try BigFileSite()
        let requests = 40
        try await withServer(makePipeline(root: site.root, modules: [StaticFileModule.registration()])) { _, port in
            _ = try TestClient(port: port).get("/small.txt")
            let before = residentBytes()
            let hostile = try TestClient(port: port, timeout: .seconds(30))
            try hostile.send(String(repeating: TestClient.request("GET", "/big.bin"), count: requests))
            // All the requests arrived in one read, which the server had processed before the
            // first response went out: a server that reads files whole holds them all by now.
            let first = try hostile.readResponse()
            #expect(first.body == site.big)
            let other = try TestClient(port: port)
            #expect(try other.get("/small.txt").text == "small", "other clients are served meanwhile")
            let grown = residentBytes() - before
            #expect(grown < 48 * 1024 * 1024,
                    "\(requests - 1) unread responses of \(BigFileSite.size) bytes made the process grow by \(grown) bytes")
            var intact = 1
            for _ in 1..<requests {
                let response = try hostile.readResponse()
                if response.status == 200 && response.body == site.big { intact += 1 }
            }
            #expect(intact == requests, "every response arrives whole once the client reads")
        }
    }

    @Test("a client that takes none of a streamed file is closed after the slow-client timeout")
    func stalledReaderIsClosed() async throws {
        let site = try BigFileSite()
        let pipeline = makePipeline(root: site.root, modules: [StaticFileModule.registration()])
        try await withServer(pipeline, configure: { $0.timeouts.slowClient = .milliseconds(500) }) { server, port in
            let stalled = try TestClient(port: port)
            // More than the socket buffers hold, so bytes stay unsent on the server.
            try stalled.send(String(repeating: TestClient.request("GET", "/big.bin"), count: 6))
            // The first response started (one read of its head), then the client takes nothing.
            // No transient state is watched: under a loaded test run this task may wake only
            // after the timeout already closed the connection.
            #expect(try stalled.readHead().status == 200)
            #expect(await eventually(timeout: .seconds(10)) { server.connectionCount == 0 })
            #expect(stalled.waitForClose(), "the server closed the connection; the client sees its end after the bytes already sent")
        }
    }

    @Test("with a SEND_RAW_DATA filter a big file goes through the filter in chunks and arrives intact")
    func throughRawDataFilter() async throws {
        let site = try BigFileSite()
        let counter = ChunkCounter()
        let filter = SocketFilter("Raw", flags: .sendRawData) { _, notification in
            if case .sendRawData = notification { counter.count.withLock { $0 += 1 } }
            return .nextNotification
        }
        let pipeline = try filterServerPipeline([filter], root: site.root, modules: [StaticFileModule.registration()])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            let response = try client.get("/big.bin")
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == String(BigFileSite.size))
            #expect(response.body == site.big)
            let chunks = counter.count.withLock { $0 }
            #expect(chunks > BigFileSite.size / ResponseFile.chunkSize, "the head and each 64 KiB chunk, separately")
            #expect(try client.get("/small.txt").text == "small", "the connection is still in step")
        }
    }

    @Test("HEAD, 304, HTTP/1.0 and small files answer as before")
    func unchangedAnswers() async throws {
        let site = try BigFileSite()
        try await withServer(makePipeline(root: site.root, modules: [StaticFileModule.registration()])) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            let head = try client.get("/big.bin", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(BigFileSite.size))
            #expect(head.body.isEmpty)
            let notModified = try client.get("/big.bin", headers: ["If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT"])
            #expect(notModified.status == 304)
            #expect(notModified.header("Content-Length") == nil)
            let small = try client.get("/small.txt")
            #expect(small.text == "small")
            #expect(small.header("Content-Length") == "5")
            #expect(try client.get("/big.bin").body == site.big, "after HEAD and 304 on the same connection")

            let old = try TestClient(port: port, timeout: .seconds(30))
            try old.send(TestClient.request("GET", "/big.bin", version: "HTTP/1.0"))
            let response = try old.readResponse()
            #expect(response.header("Content-Length") == String(BigFileSite.size))
            #expect(response.body == site.big)
        }
    }
}
