import Pipeline
import Server
import Synchronization
import TestSupport
import Testing

/// True for the serialized head a SEND_RAW_DATA filter sees before the body.
private func isHead(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("HTTP/1.1 ".utf8)) }

/// Files through a SEND_RAW_DATA filter over loopback: paced by the client, framed right.
@Suite("Files through SEND_RAW_DATA filters", .serialized)
struct RawDataStreamTests {
    /// Many times the unsent-bytes bound (1 MiB by default).
    static let size = 32 * 1024 * 1024

    /// Measures the test process's resident memory: scripts/test.sh runs it in a process of its own
    /// (other suites allocating meanwhile would count as the server's).
    @Test("a client pipelining GETs of a big file through a SEND_RAW_DATA filter without reading pins no file in memory; every byte arrives")
    func clientThatDoesNotRead() async throws {
        let site = try BigFileSite(size: Self.size)
        let filter = SocketFilter("Raw", flags: .sendRawData) { _, _ in .nextNotification }
        let pipeline = try filterServerPipeline([filter], root: site.root, modules: [StaticFileModule.registration()])
        let requests = 4
        try await withServer(pipeline) { _, port in
            _ = try TestClient(port: port).get("/small.txt")
            let before = residentBytes()
            let hostile = try TestClient(port: port, timeout: .seconds(30))
            try hostile.send(String(repeating: TestClient.request("GET", "/big.bin"), count: requests))
            // Only the head is read: a server that holds the filtered body until its end to
            // correct Content-Length has the whole file in memory by the time the head arrives.
            var first = try hostile.readHead()
            #expect(first.header("Content-Length") == String(Self.size))
            let other = try TestClient(port: port)
            #expect(try other.get("/small.txt").text == "small", "other clients are served meanwhile")
            let grown = residentBytes() - before
            #expect(grown < 12 * 1024 * 1024,
                    "\(requests) unread responses of \(Self.size) bytes made the process grow by \(grown) bytes")
            try hostile.readBody(of: &first)
            var intact = first.body == site.big ? 1 : 0
            for _ in 1..<requests {
                let response = try hostile.readResponse()
                if response.status == 200 && response.body == site.big { intact += 1 }
            }
            #expect(intact == requests, "every response arrives whole once the client reads")
        }
    }

    @Test("a client that goes away while its filtered file waits for it: LOG and END_OF_REQUEST still run, the connection closes")
    func clientGoesAwayMidFile() async throws {
        let site = try BigFileSite(size: Self.size)
        let log = SharedLog()
        let filter = SocketFilter("Raw", flags: [.sendRawData, .log, .endOfRequest], log: log)
        let pipeline = try filterServerPipeline([filter], root: site.root, modules: [StaticFileModule.registration()])
        try await withServer(pipeline) { server, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            try client.send(TestClient.request("GET", "/big.bin"))
            #expect(try client.readHead().status == 200)
            #expect(!log.all.contains("Raw:LOG"), "the request waits for its body to go out")
            client.close()
            #expect(await eventually(timeout: .seconds(10)) { server.connectionCount == 0 })
            #expect(log.all.contains("Raw:LOG") && log.all.contains("Raw:END_OF_REQUEST"))
            #expect(log.all.filter { $0 == "Raw:SEND_RAW_DATA" }.count < Self.size / ResponseFile.chunkSize,
                    "the rest of the file is not read for a client that is gone")
        }
    }

    @Test("a filter that changes the size of a big file's body gets chunked framing; a small body keeps a corrected Content-Length")
    func resizedBodies() async throws {
        let site = try BigFileSite()
        let marker = UInt8(ascii: "!")
        let filter = SocketFilter("Marker", flags: .sendRawData) { _, notification in
            if case .sendRawData(let data) = notification, !isHead(data.bytes) { data.bytes.append(marker) }
            return .nextNotification
        }
        let pipeline = try filterServerPipeline([filter], root: site.root, modules: [StaticFileModule.registration()])
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            let big = try client.get("/big.bin")
            #expect(big.status == 200)
            #expect(big.header("Content-Length") == nil)
            #expect(big.header("Transfer-Encoding") == "chunked")
            var expected: [UInt8] = []
            var offset = 0
            while offset < site.big.count {
                expected += site.big[offset..<min(site.big.count, offset + ResponseFile.chunkSize)]
                expected.append(marker)
                offset += ResponseFile.chunkSize
            }
            let exact = big.body == expected
            #expect(exact, "exactly the filtered bytes")
            let small = try client.get("/small.txt")
            #expect(small.header("Content-Length") == "6")
            #expect(small.text == "small!", "the connection is still in step")
        }
    }
}
