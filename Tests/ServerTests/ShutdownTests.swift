#if canImport(Glibc)
import Glibc
#endif
import Pipeline
import Server
import TestSupport
import Synchronization
import Testing

@Suite("Graceful shutdown", .serialized)
struct ShutdownTests {
    @Test("shutdown closes idle connections and runs their close notification")
    func closesIdleConnections() async throws {
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
        #expect(await eventually { recorder.accounting.liveConnectionArenas == 0 })
        // The listener is closed: connecting fails, unless another test's listener took the port again
        // meanwhile (suites run in parallel; it may answer or not). Either way this server sees nothing.
        let seen = recorder.connections.withLock { $0.count }
        if let late = try? TestClient(port: port) {
            _ = try? late.get("/probe/alloc")
            #expect(recorder.connections.withLock { $0.count } == seen, "a connection after shutdown reached this server's listener")
        }
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
        let parked = ParkedCompletion()
        let module = ClosureModule.registration("Parker", .executeRequestHandler) { _, context in
            parked.handle.withLock { $0 = context.makeCompletionHandle() }
            return .pending
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoopThreads: 1)
        configuration.timeouts.shutdownGrace = .milliseconds(20)
        let server = HTTPServer(configuration: configuration, pipeline: makePipeline(modules: [module]))
        let port = try await server.start()
        let client = try TestClient(port: port)
        try client.send(TestClient.request("GET", "/"))
        #expect(await eventually { parked.handle.withLock { $0 != nil } })
        await server.shutdown()
        let handle = try #require(parked.handle.withLock { $0 })
        #expect(handle.indicateCompletion(.continue), "the handle accepts its one completion")
        #expect(server.lateWorkDropped == 1, "the completion is dropped instead of reaching a stopped loop")
        #expect(client.waitForClose())
    }
}

final class ParkedCompletion: Sendable {
    let handle = Mutex<CompletionHandle?>(nil)
}
