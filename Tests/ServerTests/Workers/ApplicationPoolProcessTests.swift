import Foundation
import TestSupport
import Testing

/// Two application pools in one configuration: separate worker sets, separate rapid-fail state.
@Suite("application pools as worker sets", .serialized)
struct ApplicationPoolProcessTests {
    /// A free loopback port (bound and released; the configuration file cannot say port 0).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try #require(bind(socket, $0, length) == 0)
                try #require(getsockname(socket, $0, &length) == 0)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Site A (pool Faulty, the faulty filter) on `portA`, site B (pool Safe) on `portB`.
    static func config(portA: Int, portB: Int, hostA: String = "", hostB: String = "", faultyPool: String = "") throws -> String {
        let filter = try FilterFixtures.compile("faulty_filter")
        let root = NativeFixtures.packageRoot + "/Examples/site"
        let text = """
            <configuration>
              <system.applicationHost>
                <applicationPools>
                  <add name="Faulty"><failure rapidFailProtectionMaxCrashes="1"/>\(faultyPool)</add>
                  <add name="Safe"/>
                </applicationPools>
                <sites>
                  <site name="A" id="1">
                    <application path="/" applicationPool="Faulty"><virtualDirectory path="/" physicalPath="\(root)"/></application>
                    <bindings><binding protocol="http" bindingInformation="127.0.0.1:\(portA):\(hostA)"/></bindings>
                  </site>
                  <site name="B" id="2">
                    <application path="/" applicationPool="Safe"><virtualDirectory path="/" physicalPath="\(root)"/></application>
                    <bindings><binding protocol="http" bindingInformation="127.0.0.1:\(portB):\(hostB)"/></bindings>
                  </site>
                </sites>
              </system.applicationHost>
              <system.webServer>
                <modules><add name="IsapiFilterModule"/><add name="StaticFileModule"/></modules>
              </system.webServer>
              <location path="A"><system.webServer><isapiFilters>
                <filter name="Faulty" path="\(filter)" threading="eventLoop"/>
              </isapiFilters></system.webServer></location>
            </configuration>
            """
        let file = ScratchDirectory.file("pools", suffix: ".config")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("a pool stopped by rapid-fail protection leaves the other pool serving")
    func poolsAreIndependent() async throws {
        let (portA, portB) = (try Self.freePort(), try Self.freePort())
        let server = try ServerProcess(["serve", "--config", try Self.config(portA: portA, portB: portB), "--workers", "1",
                                        "--threads", "1", "--no-request-log"])
        defer { server.process.terminate() }
        #expect(await server.waitFor("http://127.0.0.1:\(portA)/"), "\(server.text)")
        #expect(await server.waitFor("http://127.0.0.1:\(portB)/"), "\(server.text)")
        #expect(WorkerProcessTests.fetch(portA)?.status == 200)
        // The pool's own setting: more than one failure stops it.
        for crash in 1...2 {
            #expect(WorkerProcessTests.fetch(portA, "/crash") == nil)
            #expect(await eventually(timeout: .seconds(20)) {
                server.text.components(separatedBy: "died: signal 11").count - 1 >= crash
            }, "\(server.text)")
        }
        #expect(await server.waitFor("rapid-fail protection: 2 worker failures"), "\(server.text)")
        #expect(await eventually(timeout: .seconds(10)) { WorkerProcessTests.fetch(portA)?.status == 503 }, "\(server.text)")
        let other = try #require(WorkerProcessTests.fetch(portB))
        #expect(other.status == 200)
        #expect(WorkerProcessTests.workerPid(other) == nil, "pool Safe runs no filter")
        #expect(await WorkerProcessTests.stop(server) == 0, "\(server.text)")
    }

    @Test("periodicRestart time: the worker is replaced, the new one accepts before the old one drains")
    func overlappedRecycling() async throws {
        let (portA, portB) = (try Self.freePort(), try Self.freePort())
        let config = try Self.config(portA: portA, portB: portB,
                                     faultyPool: #"<recycling><periodicRestart time="00:00:02"/></recycling>"#)
        let server = try ServerProcess(["serve", "--config", config, "--workers", "1", "--threads", "1", "--no-request-log"])
        defer { server.process.terminate() }
        #expect(await server.waitFor("http://127.0.0.1:\(portA)/"), "\(server.text)")
        let first = try #require(WorkerProcessTests.fetch(portA).flatMap(WorkerProcessTests.workerPid), "\(server.text)")
        // Every request is answered while the worker is recycled.
        for _ in 0..<100 where !server.text.contains("worker \(first) exited (exit status 0) after draining") {
            #expect(WorkerProcessTests.fetch(portA)?.status == 200, "\(server.text)")
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(server.text.contains("recycling worker \(first) (periodicRestart time)"), "\(server.text)")
        #expect(server.text.contains("worker \(first) exited (exit status 0) after draining"), "\(server.text)")
        let next = try #require(WorkerProcessTests.fetch(portA))
        #expect(next.status == 200)
        #expect(WorkerProcessTests.workerPid(next) != first)
        #expect(!server.text.contains("died:"), "\(server.text)")
        #expect(await WorkerProcessTests.stop(server) == 0, "\(server.text)")
    }

    @Test("health pings: a worker whose only event loop is stuck is killed and replaced")
    func healthPings() async throws {
        let (portA, portB) = (try Self.freePort(), try Self.freePort())
        let config = try Self.config(portA: portA, portB: portB,
                                     faultyPool: #"<processModel pingInterval="00:00:01" pingResponseTime="00:00:03"/>"#)
        // The watchdog would act only after a minute: the ping is what notices.
        let server = try ServerProcess(["serve", "--config", config, "--workers", "1", "--threads", "1", "--no-request-log",
                                        "--notification-timeout", "60"])
        defer { server.process.terminate() }
        #expect(await server.waitFor("http://127.0.0.1:\(portA)/"), "\(server.text)")
        let first = try #require(WorkerProcessTests.fetch(portA).flatMap(WorkerProcessTests.workerPid), "\(server.text)")
        let spinner = try TestClient(port: portA)
        try spinner.send(TestClient.request("GET", "/spin"))
        #expect(await server.waitFor("worker \(first) sent no health ping for 3 s: killing it"), "\(server.text)")
        #expect(await server.waitFor("worker \(first) died: signal 9 (SIGKILL) after missing its health pings"), "\(server.text)")
        #expect(await eventually(timeout: .seconds(10)) {
            WorkerProcessTests.fetch(portA).flatMap(WorkerProcessTests.workerPid).map { $0 != first } ?? false
        }, "\(server.text)")
        #expect(await WorkerProcessTests.stop(server) == 0, "\(server.text)")
    }

    @Test("sites of two pools on one ip:port are refused at start")
    func sharedListenerRefused() async throws {
        let port = try Self.freePort()
        let server = try ServerProcess(["serve", "--config", try Self.config(portA: port, portB: port, hostA: "a.test", hostB: "b.test"), "--workers", "1"])
        defer { server.process.terminate() }
        let status = await server.waitForExit()
        #expect(status != nil && status != 0, "\(server.text)")
        #expect(server.text.contains("application pools 'Faulty' and 'Safe' both bind 127.0.0.1:\(port)"), "\(server.text)")
    }
}
