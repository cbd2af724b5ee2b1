import Pipeline
import Server
import TestSupport
import Testing

/// END_OF_NET_SESSION only for connections the filters know of.
@Suite("END_OF_NET_SESSION only after a request", .serialized)
struct NetSessionTests {
    @Test("connect-and-close and a half-sent head notify no filter; a connection with a request notifies every subscriber")
    func probesAreSilent() async throws {
        let log = SharedLog()
        let session = SocketFilter("Session", flags: [.preprocHeaders, .endOfNetSession], log: log)
        let closeOnly = SocketFilter("CloseOnly", flags: [.endOfNetSession], log: log)
        try await withServer(try filterServerPipeline([session, closeOnly], modules: [loggingModule(SharedLog())])) { server, port in
            TestClient.probe(port: port)
            let partial = try TestClient(port: port)
            try partial.send("GET / HT")
            partial.close()
            #expect(await eventually { server.connectionCount == 0 })
            #expect(log.all.isEmpty, "\(log.all)")

            let client = try TestClient(port: port)
            #expect(try client.get("/a").status == 200)
            client.close()
            #expect(await eventually { log.all.filter { $0.hasSuffix("END_OF_NET_SESSION") }.count == 2 })
            #expect(log.all == ["Session:PREPROC_HEADERS", "Session:END_OF_NET_SESSION", "CloseOnly:END_OF_NET_SESSION"])
        }
    }

    @Test("a READ_RAW_DATA filter that read bytes of an incomplete request hears the close; the others do not")
    func rawReaderHearsItsConnection() async throws {
        let log = SharedLog()
        let raw = SocketFilter("Raw", flags: [.readRawData, .endOfNetSession], log: log)
        let session = SocketFilter("Session", flags: [.preprocHeaders, .endOfNetSession], log: log)
        try await withServer(try filterServerPipeline([raw, session], modules: [loggingModule(SharedLog())])) { server, port in
            TestClient.probe(port: port)
            #expect(await eventually { server.connectionCount == 0 })
            #expect(log.all.isEmpty, "connect and close: nothing read, nobody told")

            let partial = try TestClient(port: port)
            try partial.send("GET / HT")
            #expect(await eventually { log.all.contains("Raw:READ_RAW_DATA") })
            partial.close()
            #expect(await eventually { log.all.contains("Raw:END_OF_NET_SESSION") })
            #expect(await eventually { server.connectionCount == 0 })
            #expect(log.all == ["Raw:READ_RAW_DATA", "Raw:END_OF_NET_SESSION"])
        }
    }
}

extension TestClient {
    /// A port probe: connect, send nothing, close.
    static func probe(port: Int) {
        if let client = try? TestClient(port: port) { client.close() }
    }
}
