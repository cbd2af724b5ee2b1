#if canImport(Glibc)
import Glibc
#endif
import Pipeline
import Server
import TestSupport
import Testing

@Suite("Graceful shutdown", .serialized)
struct ShutdownTests {
    @Test("shutdown closes idle connections and runs their close notification")
    func closesIdleConnections() async throws {
        let baseline = liveConnectionArenas
        let recorder = ProbeRecorder()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopThreads: 1)
        configuration.timeouts.shutdownGrace = .seconds(2)
        let server = HTTPServer(configuration: configuration, pipeline: probePipeline(recorder))
        let port = try await server.start()
        let client = try TestClient(port: port)
        #expect(try client.get("/probe/alloc").status == 200)
        await server.shutdown()
        #expect(client.waitForClose())
        #expect(recorder.closeCount == 1)
        #expect(await eventually { recorder.liveConnections == 0 })
        #expect(await eventually { liveConnectionArenas <= baseline })
        #expect(throws: TestClient.Failure.self) { try TestClient(port: port) }
    }

    @Test("a request in flight at shutdown finishes and is answered with Connection: close")
    func finishesInFlight() async throws {
        let recorder = ProbeRecorder()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopThreads: 1)
        configuration.timeouts.shutdownGrace = .seconds(2)
        configuration.timeouts.linger = .milliseconds(100)
        let server = HTTPServer(configuration: configuration, pipeline: probePipeline(recorder))
        let port = try await server.start()
        let client = try TestClient(port: port)
        try client.send(TestClient.request("GET", "/pending"))
        usleep(30_000)  // blocking on purpose: a suspended test may resume only after the 150 ms completion
        server.beginShutdown()
        let response = try client.readResponse()
        #expect(response.text == "finished later")
        #expect(response.header("Connection") == "close")
        #expect(client.waitForClose())
        await server.shutdown()
        #expect(recorder.closeCount == 1)
    }

    @Test("a PENDING completion that arrives after the server stopped is dropped, not a crash")
    func lateCompletionAfterShutdown() async throws {
        let recorder = ProbeRecorder()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopThreads: 1)
        configuration.timeouts.shutdownGrace = .milliseconds(20)
        let server = HTTPServer(configuration: configuration, pipeline: probePipeline(recorder))
        let port = try await server.start()
        let client = try TestClient(port: port)
        try client.send(TestClient.request("GET", "/pending"))
        usleep(30_000)
        await server.shutdown()  // the grace ends before the 150 ms completion
        try await Task.sleep(for: .milliseconds(300))  // the completion fires after the loops stopped
        #expect(client.waitForClose())
        #expect(server.lateWorkDropped == 1, "the late completion is dropped instead of reaching a stopped loop")
    }
}
