import Foundation
import Monitoring
import TestSupport
import Testing

/// `serve` with worker processes against native code that crashes or hangs: what a user of the
/// server sees over loopback, and the supervisor's log.
@Suite("worker processes", .serialized)
struct WorkerProcessTests {
    /// `serve --workers N` in demo mode with the faulty filter (and `extra` flags); its port.
    static func serve(workers: Int, _ extra: [String]) async throws -> (ServerProcess, port: Int) {
        let server = try ServerProcess(["serve", "--port", "0", "--workers", String(workers), "--threads", "2",
                                        "--no-request-log"] + extra)
        #expect(await server.waitFor("isapi-bridge listening on "), "\(server.text)")
        let port = try #require(server.port(after: "isapi-bridge listening on "), "\(server.text)")
        return (server, port)
    }

    static func faultyFilter() throws -> [String] { ["--filter", try FilterFixtures.compile("faulty_filter")] }

    /// The pid of the worker that answered, from the fixture filter's header.
    static func workerPid(_ response: TestResponse) -> String? { response.header("X-Worker-Pid") }

    /// The answer to `GET path` on a new connection, or nil when the connection was lost.
    static func fetch(_ port: Int, _ path: String = "/") -> TestResponse? {
        guard let client = try? TestClient(port: port) else { return nil }
        defer { client.close() }
        return try? client.get(path)
    }

    static func stop(_ server: ServerProcess) async -> Int32? {
        server.signal(SIGTERM)
        return await server.waitForExit()
    }

    @Test("a NULL dereference in a filter costs its worker: other connections keep getting 200, the log names the filter")
    func filterCrash() async throws {
        let (server, port) = try await Self.serve(workers: 2, try Self.faultyFilter())
        defer { server.process.terminate() }
        // Keep-alive connections until two different workers hold one each.
        var held: [String: TestClient] = [:]
        for _ in 0..<60 where held.count < 2 {
            let client = try TestClient(port: port)
            let response = try client.get("/")
            #expect(response.status == 200)
            let pid = try #require(Self.workerPid(response), "\(response.headers)")
            if held[pid] == nil { held[pid] = client } else { client.close() }
        }
        try #require(held.count == 2, "every connection went to one worker: \(held.keys)")
        let pids = held.keys.sorted()
        let (victim, survivor) = (pids[0], pids[1])

        // The crashing request's connection is lost.
        #expect((try? held[victim]!.get("/crash")) == nil)
        #expect(await server.waitFor("worker \(victim) died: signal 11 (SIGSEGV) in filter 'faulty_filter' in SF_NOTIFY_PREPROC_HEADERS (URL /crash)"),
                "\(server.text)")
        // The other worker's keep-alive connection is untouched; new connections are served.
        let again = try held[survivor]!.get("/")
        #expect(again.status == 200)
        #expect(Self.workerPid(again) == survivor)
        for _ in 0..<5 { #expect(Self.fetch(port)?.status == 200) }
        // A replacement serves: a worker that is neither of the first two answers.
        #expect(await server.waitFor("starting a replacement for worker \(victim)"), "\(server.text)")
        #expect(await eventually(timeout: .seconds(10)) {
            Self.fetch(port).flatMap(Self.workerPid).map { !pids.contains($0) } ?? false
        }, "\(server.text)")
        for client in held.values { client.close() }
        #expect(await Self.stop(server) == 0, "\(server.text)")
    }

    @Test("six crashes within the interval: 503 with the reason; SIGHUP clears it")
    func rapidFailProtection() async throws {
        let (server, port) = try await Self.serve(workers: 1, try Self.faultyFilter())
        defer { server.process.terminate() }
        for crash in 1...6 {
            #expect(Self.fetch(port, "/crash") == nil, "crash \(crash) got an answer")
            #expect(await eventually(timeout: .seconds(20)) {
                server.text.components(separatedBy: "died: signal 11").count - 1 >= crash
            }, "\(server.text)")
        }
        #expect(await server.waitFor("rapid-fail protection: 6 worker failures"), "\(server.text)")
        let refused = try #require(await firstAnswer(port))
        #expect(refused.status == 503)
        #expect(refused.text.contains("rapid-fail protection"))
        #expect(refused.text.contains("filter 'faulty_filter' in SF_NOTIFY_PREPROC_HEADERS"))

        server.signal(SIGHUP)
        #expect(await server.waitFor("configuration reloaded"), "\(server.text)")
        #expect(await eventually(timeout: .seconds(10)) { Self.fetch(port)?.status == 200 }, "\(server.text)")
        #expect(await Self.stop(server) == 0, "\(server.text)")
    }

    @Test("a filter that spins: others are served throughout, the log names it, the worker is replaced, SIGTERM completes")
    func spinningFilter() async throws {
        let (server, port) = try await Self.serve(workers: 2, try Self.faultyFilter() + [
            "--notification-timeout", "1", "--hang-exit-timeout", "4", "--shutdown-time-limit", "2"])
        defer { server.process.terminate() }
        let spinner = try TestClient(port: port)
        try spinner.send(TestClient.request("GET", "/spin"))
        #expect(await server.waitFor("hung native call: filter 'faulty_filter' in SF_NOTIFY_PREPROC_HEADERS has run for 1 s (URL /spin)"),
                "\(server.text)")
        // While the call spins, and after its worker exits, every other request is answered.
        for _ in 0..<100 where !server.text.contains("died: exit status 3") {
            #expect(Self.fetch(port)?.status == 200, "\(server.text)")
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(server.text.contains("died: exit status 3"), "\(server.text)")
        #expect(spinner.waitForClose())
        #expect(server.text.contains("starting a replacement"), "\(server.text)")
        for _ in 0..<5 { #expect(Self.fetch(port)?.status == 200) }

        // A spinning call never drains, but in pool mode it spins on a pool thread, not the loop:
        // SIGTERM still ends the server (by the graceful path or the time limit).
        let stuck = try TestClient(port: port)
        try stuck.send(TestClient.request("GET", "/spin"))
        #expect(await eventually(timeout: .seconds(10)) {
            server.text.components(separatedBy: "hung native call").count - 1 >= 2
        }, "\(server.text)")
        #expect(await Self.stop(server) == 0, "\(server.text)")
    }

    @Test("a C++ module that aborts in OnBeginRequest costs its worker only")
    func moduleAbort() async throws {
        let module = try NativeFixtures.compile(
            source: NativeFixtures.packageRoot + "/Tests/ServerTests/Configuration/Fixtures/aborting_module.cpp",
            library: "aborting-module")
        let (server, port) = try await Self.serve(workers: 2, ["--native-module", "Aborting=\(module)"])
        defer { server.process.terminate() }
        #expect(Self.fetch(port)?.status == 200)
        #expect(Self.fetch(port, "/abort") == nil)
        #expect(await server.waitFor("died: signal 6 (SIGABRT) in module 'Aborting' in OnBeginRequest (URL /abort)"), "\(server.text)")
        for _ in 0..<5 { #expect(Self.fetch(port)?.status == 200) }
        #expect(await server.waitFor("starting a replacement"), "\(server.text)")
        #expect(await Self.stop(server) == 0, "\(server.text)")
    }

    @Test("IHttpServer::RecycleApplication from a module: the supervisor starts a replacement, which then answers")
    func moduleAsksToRecycle() async throws {
        let module = try NativeFixtures.fixture("recycling_module")
        let (server, port) = try await Self.serve(workers: 1, ["--native-module", "Recycling=\(module)"])
        defer { server.process.terminate() }
        let before = try #require(Self.fetch(port)?.header("X-Worker-Pid"))
        #expect(Self.fetch(port, "/recycle")?.text == "recycle requested")
        #expect(await server.waitFor("recycling worker \(before) at a native module's request"), "\(server.text)")
        var after: String?
        for _ in 0..<100 where after == nil || after == before {
            after = Self.fetch(port)?.header("X-Worker-Pid")
            if after == before { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(after != nil && after != before, "\(server.text)")
        #expect(await Self.stop(server) == 0, "\(server.text)")
    }

    @Test("a worker's global module hears start, health checks, the configuration change of a reload, stop and cleanup")
    func workerGlobalNotifications() async throws {
        let module = try NativeFixtures.fixture("global_events")
        let log = ScratchDirectory.file("worker-global-events", suffix: ".log")
        let port = try ApplicationPoolProcessTests.freePort()
        let config = ScratchDirectory.file("worker-global-events", suffix: ".config")
        try """
            <configuration>
              <system.applicationHost>
                <applicationPools><add name="Pinged"><processModel pingInterval="00:00:01"/></add></applicationPools>
                <sites>
                  <site name="Events" id="3">
                    <application path="/" applicationPool="Pinged">
                      <virtualDirectory path="/" physicalPath="\(NativeFixtures.packageRoot)/Examples/site"/>
                    </application>
                    <bindings><binding protocol="http" bindingInformation="127.0.0.1:\(port):"/></bindings>
                  </site>
                </sites>
              </system.applicationHost>
              <system.webServer>
                <globalModules><add name="GlobalEvents" image="\(module)"/></globalModules>
              </system.webServer>
            </configuration>
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try ServerProcess(["serve", "--config", config, "--workers", "1", "--threads", "2", "--no-request-log"],
                                       environment: ["ISAPI_BRIDGE_GLOBAL_EVENTS_LOG": log])
        defer { server.process.terminate() }
        #expect(await server.waitFor("isapi-bridge listening on "), "\(server.text)")
        func lines() -> [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        for _ in 0..<100 where !lines().contains("health") { try await Task.sleep(for: .milliseconds(100)) }
        #expect(lines().contains("health"), "\(server.text)")
        server.signal(SIGHUP)
        #expect(await server.waitFor("configuration reloaded"), "\(server.text)")
        #expect(await Self.stop(server) == 0, "\(server.text)")
        let all = lines()
        #expect(all.filter { $0 == "start /LM/W3SVC/3/ROOT MACHINE/WEBROOT/APPHOST/Events" }.count == 2)
        #expect(all.filter { $0 == "config MACHINE/WEBROOT/APPHOST" }.count == 1)
        #expect(all.filter { $0 == "stop /LM/W3SVC/3/ROOT stored=1" }.count == 2)
        #expect(all.filter { $0 == "cleanup" }.count == 2)
    }

    @Test("the supervisor's admin listener: worker starts and failures by filter, and the workers' request counts")
    func supervisorMetrics() async throws {
        let (server, port) = try await Self.serve(workers: 2, try Self.faultyFilter() + ["--admin-port", "0"])
        defer { server.process.terminate() }
        let admin = try #require(server.port(after: "isapi-bridge metrics on "), "\(server.text)")
        func scrape() -> String { (try? TestClient(port: admin).get("/metrics", host: "127.0.0.1"))?.text ?? "" }
        #expect(Self.fetch(port, "/crash") == nil)
        #expect(await server.waitFor("starting a replacement"), "\(server.text)")
        #expect(await eventually(timeout: .seconds(10)) { scrape().contains(#"isapi_bridge_workers{pool="DefaultAppPool"} 2"#) })
        for _ in 0..<4 { #expect(Self.fetch(port)?.status == 200) }
        let text = scrape()
        #expect(text.contains(#"isapi_bridge_worker_starts_total{pool="DefaultAppPool"} 3"#), "\(text)")
        #expect(text.contains(#"isapi_bridge_worker_failures_total{pool="DefaultAppPool",exit="signal 11 (SIGSEGV)",kind="filter",name="faulty_filter",notification="SF_NOTIFY_PREPROC_HEADERS"} 1"#), "\(text)")
        #expect(text.contains(#"isapi_bridge_rapid_fail_stopped{pool="DefaultAppPool"} 0"#), "\(text)")
        // Summed over the workers alive now: the four requests after the crash.
        #expect(await eventually { scrape().contains(#"isapi_bridge_requests_total{site="Demo Site",status="200"} 4"#) }, "\(scrape())")
        #expect(await Self.stop(server) == 0, "\(server.text)")
    }

    @Test("SIGTERM: every worker drains and calls TerminateFilter")
    func terminateInEveryWorker() async throws {
        let filter = try FilterFixtures.compile("terminate_marker_filter")
        let marker = ScratchDirectory.file("terminated")
        let server = try ServerProcess(["serve", "--port", "0", "--workers", "2", "--threads", "1", "--no-request-log",
                                        "--filter", filter], environment: ["ISAPI_BRIDGE_TERMINATE_MARKER": marker])
        defer { server.process.terminate() }
        #expect(await server.waitFor("isapi-bridge listening on "), "\(server.text)")
        #expect(await Self.stop(server) == 0, "\(server.text)")
        let lines = ((try? String(contentsOfFile: marker, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(lines == ["TerminateFilter", "TerminateFilter"], "\(server.text)")
    }

    @Test("workers do not outlive a supervisor that was killed")
    func orphanedWorkersStop() async throws {
        let (server, _) = try await Self.serve(workers: 2, [])
        defer { server.process.terminate() }
        let pids = server.text.components(separatedBy: "started worker ").dropFirst().compactMap { Int32($0.prefix { $0.isNumber }) }
        #expect(pids.count == 2, "\(server.text)")
        server.signal(SIGKILL)
        // Gone, or a zombie nobody reaps (the test's container may have no init that does).
        func ended(_ pid: Int32) -> Bool {
            guard kill(pid, 0) == 0 else { return true }
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            return status.contains("State:\tZ")
        }
        #expect(await eventually(timeout: .seconds(20)) { pids.allSatisfy(ended) }, "\(server.text)")
    }

    /// The first answer on a new connection, retrying while connections are lost (a worker
    /// between crash and replacement).
    func firstAnswer(_ port: Int) async -> TestResponse? {
        var answer: TestResponse?
        _ = await eventually(timeout: .seconds(10)) {
            answer = Self.fetch(port)
            return answer != nil
        }
        return answer
    }
}

@Suite("summing workers' metrics")
struct MetricsSumTests {
    @Test func samplesWithTheSameLabelsAddUpAndHeadersStayOnce() {
        let one = """
            # HELP isapi_bridge_requests_total Requests
            # TYPE isapi_bridge_requests_total counter
            isapi_bridge_requests_total{site="A",status="200"} 3
            # TYPE isapi_bridge_connections gauge
            isapi_bridge_connections 1
            """
        let two = """
            # HELP isapi_bridge_requests_total Requests
            # TYPE isapi_bridge_requests_total counter
            isapi_bridge_requests_total{site="A",status="200"} 2
            isapi_bridge_requests_total{site="A",status="404"} 1
            # TYPE isapi_bridge_connections gauge
            isapi_bridge_connections 4
            """
        #expect(MetricsSum.sum([one, two]) == """
            # HELP isapi_bridge_requests_total Requests
            # TYPE isapi_bridge_requests_total counter
            isapi_bridge_requests_total{site="A",status="200"} 5
            isapi_bridge_requests_total{site="A",status="404"} 1
            # TYPE isapi_bridge_connections gauge
            isapi_bridge_connections 5

            """)
    }
}
