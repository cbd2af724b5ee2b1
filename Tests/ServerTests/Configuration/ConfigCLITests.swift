import Foundation
import Synchronization
import TestSupport
import Testing

/// The `isapi-bridge` executable built beside the test binary, if there is one.
func executable() -> String? {
    let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let path = directory.appendingPathComponent("isapi-bridge").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

/// A child process whose stdout and stderr are collected as they arrive.
final class ServerProcess: Sendable {
    let process: Process
    private let output = OutputBuffer()

    /// `executable` defaults to the `isapi-bridge` built beside the test binary.
    init(_ arguments: [String], environment: [String: String] = [:], executable path: String? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try path ?? #require(executable()))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.append(String(decoding: data, as: UTF8.self))
        }
        try process.run()
    }

    var text: String { output.text }

    /// Waits until the output contains `marker` (or the timeout passes).
    func waitFor(_ marker: String, timeout: Duration = .seconds(20)) async -> Bool {
        await eventually(timeout: timeout) { text.contains(marker) }
    }

    /// The port of the first `<prefix>http://127.0.0.1:PORT/` in the output.
    func port(after prefix: String) -> Int? {
        guard let range = text.range(of: prefix + "http://127.0.0.1:") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    func waitForExit(timeout: Duration = .seconds(20)) async -> Int32? {
        guard await eventually(timeout: timeout, { !process.isRunning }) else {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }
}

final class OutputBuffer: Sendable {
    private let value = Mutex("")
    func append(_ text: String) { value.withLock { $0 += text } }
    var text: String { value.withLock { $0 } }
}

/// A copy of Examples/ (configuration, site, rules) in a temporary directory, so the test can edit it.
func copyExamples(extraModule: (name: String, image: String)?,
                          extraFilter: (name: String, path: String)? = nil) throws -> (config: String, root: String) {
    let root = ScratchDirectory.file("cli")
    let examples = NativeFixtures.packageRoot + "/Examples"
    try FileManager.default.createDirectory(atPath: root + "/Examples", withIntermediateDirectories: true)
    for item in ["applicationHost.config", "site", "rewrite"] {
        try FileManager.default.copyItem(atPath: examples + "/" + item, toPath: root + "/Examples/" + item)
    }
    let config = root + "/Examples/applicationHost.config"
    if let extraModule {
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "    </globalModules>",
                                         with: "      <add name=\"\(extraModule.name)\" image=\"\(extraModule.image)\" />\n    </globalModules>")
        text = text.replacingOccurrences(of: "      <add name=\"IsapiFilterModule\" />",
                                         with: "      <add name=\"IsapiFilterModule\" />\n      <add name=\"\(extraModule.name)\" />")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }
    if let extraFilter {
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "    </isapiFilters>\n\n",
                                         with: "      <filter name=\"\(extraFilter.name)\" path=\"\(extraFilter.path)\" />\n    </isapiFilters>\n\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }
    return (config, root)
}

private func edit(_ file: String, replacing old: String, with new: String) throws {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.contains(old))
    try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
}

@Suite("serve and check with a configuration file", .serialized)
struct ConfigCLITests {
    @Test("serve --config Examples/applicationHost.config: requests, W3C log, metrics, SIGHUP, SIGTERM",
          .enabled(if: executable() != nil))
    func serveTheExample() async throws {
        let marker = try NativeFixtures.compile(
            source: NativeFixtures.packageRoot + "/Tests/ServerTests/Configuration/Fixtures/terminate_marker.cpp",
            library: "terminate-marker")
        let markerFilter = try FilterFixtures.compile("terminate_marker_filter")
        let (config, root) = try copyExamples(extraModule: ("Marker", marker), extraFilter: ("MarkerFilter", markerFilter))
        let markerFile = root + "/terminated.txt"
        let server = try ServerProcess(["serve", "--config", config, "--port", "0", "--admin-port", "0", "--threads", "1", "--workers", "0"],
                                       environment: ["ISAPI_BRIDGE_TERMINATE_MARKER": markerFile])
        #expect(await server.waitFor("isapi-bridge metrics on"), "\(server.text)")
        #expect(await server.waitFor("isapi-bridge listening on "), "\(server.text)")
        let port = try #require(server.port(after: "isapi-bridge listening on "), "\(server.text)")
        let adminPort = try #require(server.port(after: "isapi-bridge metrics on "))

        // Site 1 (any host): C++ modules, Swift modules, static files.
        let client = try TestClient(port: port)
        let home = try client.get("/", host: "127.0.0.1:\(port)")
        #expect(home.status == 200)
        #expect(home.header("X-Powered-By") == "isapi-bridge")
        #expect(home.header("X-Marker") == "loaded")
        #expect(home.header("X-Marker-Filter") == "loaded")
        #expect(home.header("X-Filtered-By") == "ResponseHeadersFilter")
        #expect(home.header("X-Connection-Request-Count") == "1")
        client.close()
        // Site 2 by Host header: the rewrite filter.
        let rewriteClient = try TestClient(port: port)
        let greeting = try rewriteClient.get("/greeting", host: "rewrite.localhost:\(port)")
        #expect(greeting.status == 200)
        #expect(greeting.text.contains("Hello from isapi-bridge"))
        let moved = try rewriteClient.get("/old/style.css", host: "rewrite.localhost")
        #expect(moved.status == 301)
        rewriteClient.close()
        // Site 3 over TLS, with the self-signed certificate serve wrote beside the example on start.
        #expect(await server.waitFor("listening on https://127.0.0.1:"), "\(server.text)")
        let secureLine = try #require(server.text.range(of: "listening on https://127.0.0.1:"))
        let securePort = try #require(Int(server.text[secureLine.upperBound...].prefix { $0.isNumber }))
        let secure = try await TLSTestClient.get(port: securePort, "/style.css", host: "localhost")
        #expect(secure.response?.status == 200, "\(secure.text)")
        #expect(server.text.contains("wrote a SELF-SIGNED certificate for localhost to '"), "\(server.text)")
        #expect(FileManager.default.fileExists(atPath: root + "/tls/example-selfsigned.pem"))

        // Metrics on the admin listener.
        func scrape() throws -> TestResponse {
            let admin = try TestClient(port: adminPort)
            defer { admin.close() }
            return try admin.get("/metrics", host: "127.0.0.1")
        }
        // Counted after each response went out: give the last one a moment.
        #expect(await eventually { (try? scrape())?.text.contains("status=\"301\"} 1") == true })
        let metrics = try scrape()
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("isapi_bridge_requests_total{site=\"Default Web Site\",status=\"200\"} 1"))
        #expect(metrics.text.contains("isapi_bridge_requests_total{site=\"Rewrite Demo\",status=\"301\"} 1"))
        #expect(metrics.text.contains("isapi_bridge_arena_live_bytes{scope=\"request\"}"))
        #expect(metrics.text.contains("isapi_bridge_request_duration_seconds_bucket"))

        // The W3C log of site 1 (written within a second).
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay])
        let logFile = root + "/logs/W3SVC1/u_ex\(day.dropFirst(2)).log"
        #expect(await eventually(timeout: .seconds(5)) {
            (try? String(contentsOfFile: logFile, encoding: .utf8))?.contains(" GET / - \(port) ") == true
        }, "no request line in \(logFile)")
        let log = try String(contentsOfFile: logFile, encoding: .utf8)
        #expect(log.hasPrefix("#Software: isapi-bridge"))
        // LogRewrite (a C site filter) logged the anonymous user as "anonymous".
        #expect(log.contains(" GET / - \(port) anonymous 127.0.0.1 "))
        #expect(log.contains("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"))

        // SIGHUP after an edit: new connections get the new configuration; an open keep-alive
        // connection is not dropped and finishes on the configuration it started with.
        let open = try TestClient(port: port)
        #expect(try open.get("/", host: "127.0.0.1").header("X-Powered-By") == "isapi-bridge")
        try edit(config, replacing: "<add name=\"PoweredByModule\" type=\"IsapiBridge.PoweredByModule\" />", with: "")
        server.signal(SIGHUP)
        #expect(await server.waitFor("configuration reloaded"), "\(server.text)")
        let kept = try open.get("/", host: "127.0.0.1")
        #expect(kept.status == 200)
        #expect(kept.header("X-Powered-By") == "isapi-bridge")
        open.close()
        let after = try TestClient(port: port)
        let reloaded = try after.get("/", host: "127.0.0.1")
        #expect(reloaded.status == 200)
        #expect(reloaded.header("X-Powered-By") == nil)
        after.close()

        // A broken edit is logged and the previous configuration stays.
        try edit(config, replacing: "<add name=\"StaticFile\" path=\"*\"", with: "<add path=\"*\"")
        server.signal(SIGHUP)
        #expect(await server.waitFor("configuration reload failed"), "\(server.text)")
        #expect(server.text.contains("<add> needs a non-empty 'name' attribute"))
        let still = try TestClient(port: port)
        #expect(try still.get("/", host: "127.0.0.1").status == 200)
        still.close()

        // SIGTERM: a clean exit, with every loaded module terminated.
        server.signal(SIGTERM)
        #expect(await server.waitForExit() == 0, "\(server.text)")
        let terminated = (try? String(contentsOfFile: markerFile, encoding: .utf8)) ?? ""
        #expect(terminated.contains("terminated"))
        #expect(terminated.contains("TerminateFilter"))
    }

    @Test("trace prints each request's notifications with names, results and microseconds", .enabled(if: executable() != nil))
    func traceTheExample() async throws {
        let (config, _) = try copyExamples(extraModule: nil)
        let server = try ServerProcess(["trace", "--config", config, "--port", "0", "--no-request-log", "--threads", "1"])
        #expect(await server.waitFor("isapi-bridge listening on"), "\(server.text)")
        let port = try #require(server.port(after: "isapi-bridge listening on "))
        let client = try TestClient(port: port)
        #expect(try client.get("/greeting", host: "rewrite.localhost").status == 200)
        client.close()
        #expect(await server.waitFor("EndRequest"), "\(server.text)")
        let text = server.text
        #expect(text.contains("GET /greeting -> 200"))
        let lines = text.split(separator: "\n").map(String.init)
        let preproc = try #require(lines.first { $0.contains("SF_NOTIFY_PREPROC_HEADERS") })
        #expect(preproc.contains("filter SF_NOTIFY_PREPROC_HEADERS   ResponseHeaders         SF_STATUS_REQ_NEXT_NOTIFICATION"))
        #expect(preproc.hasSuffix(" µs"))
        #expect(lines.contains { $0.contains("module BeginRequest                HeaderEcho              CONTINUE") })
        #expect(lines.contains { $0.contains("module ExecuteRequestHandler       HelloModule             FINISH_REQUEST") })
        let order = ["SF_NOTIFY_PREPROC_HEADERS", "BeginRequest", "SF_NOTIFY_AUTH_COMPLETE", "ExecuteRequestHandler", "SF_NOTIFY_LOG", "EndRequest"]
        let positions = order.compactMap { name in lines.firstIndex { $0.contains(" \(name) ") } }
        #expect(positions.count == order.count && positions == positions.sorted(), "\(text)")
        server.signal(SIGTERM)
        #expect(await server.waitForExit() == 0)
    }

    @Test("check prints what loaded", .enabled(if: executable() != nil))
    func checkTheExample() async throws {
        let check = try ServerProcess(["check", "--config", NativeFixtures.packageRoot + "/Examples/applicationHost.config"])
        #expect(await check.waitForExit() == 0, "\(check.text)")
        #expect(check.text.contains("site 1 'Default Web Site'"))
        #expect(check.text.contains("HeaderEcho"))
        #expect(check.text.contains("BeginRequest"))
        #expect(check.text.contains("Rewrite            site    HIGH"))
        #expect(check.text.contains(": OK (3 site(s)"))
    }

    @Test("check counts the rewrite rules' warnings with the configuration's", .enabled(if: executable() != nil))
    func checkCountsRewriteWarnings() async throws {
        let (config, root) = try copyExamples(extraModule: nil)
        let rules = root + "/Examples/rewrite/IIRF.ini"
        let text = try String(contentsOfFile: rules, encoding: .utf8)
        try (text + "\nRewriteRule ^/typo$ /x [L,Q]\n").write(toFile: rules, atomically: true, encoding: .utf8)
        let check = try ServerProcess(["check", "--config", config])
        #expect(await check.waitForExit() == 0, "\(check.text)")
        #expect(check.text.contains("IIRF.ini:"), "\(check.text)")
        // The rule's warning, and the one that says the example's self-signed certificate was written.
        #expect(check.text.contains(": OK (3 site(s), 2 warning(s))"), "\(check.text)")
    }

    @Test("an --admin-port already in use is named as --admin-port", .enabled(if: executable() != nil))
    func adminPortClash() async throws {
        let first = try ServerProcess(["serve", "--port", "0", "--admin-port", "0", "--workers", "0", "--threads", "1", "--no-request-log"])
        defer { first.process.terminate() }
        #expect(await first.waitFor("isapi-bridge metrics on "), "\(first.text)")
        let taken = try #require(first.port(after: "isapi-bridge metrics on "))
        for workers in ["0", "1"] {
            let second = try ServerProcess(["serve", "--port", "0", "--admin-port", String(taken), "--workers", workers,
                                            "--threads", "1", "--no-request-log"])
            #expect(await second.waitForExit() != 0, "\(second.text)")
            #expect(second.text.contains("cannot listen for metrics on 127.0.0.1:\(taken)"), "\(second.text)")
            #expect(second.text.contains("Choose another --admin-port"), "\(second.text)")
            #expect(!second.text.contains("another --port"), "\(second.text)")
        }
    }

    @Test("check names the file and the symbol of a missing export, and fails", .enabled(if: executable() != nil))
    func checkMissingExport() async throws {
        let library = try NativeFixtures.compile(
            source: NativeFixtures.packageRoot + "/Tests/ServerTests/Configuration/Fixtures/no_export.cpp", library: "no-export")
        let (config, _) = try copyExamples(extraModule: ("Forgetful", library))
        let check = try ServerProcess(["check", "--config", config])
        #expect(await check.waitForExit() == 1, "\(check.text)")
        #expect(check.text.contains("<globalModules> entry 'Forgetful': native module '\(library)' does not export RegisterModule"), "\(check.text)")
        #expect(check.text.contains("applicationHost.config:"))
    }

    @Test("check names the file and the symbol of a filter's missing export", .enabled(if: executable() != nil))
    func checkMissingFilterExport() async throws {
        let library = try FilterFixtures.compile("no_filter_proc")
        let (config, _) = try copyExamples(extraModule: nil, extraFilter: ("Forgetful", library))
        let check = try ServerProcess(["check", "--config", config])
        #expect(await check.waitForExit() == 1, "\(check.text)")
        #expect(check.text.contains("<isapiFilters> filter 'Forgetful'"), "\(check.text)")
        #expect(check.text.contains(library))
        #expect(check.text.contains("HttpFilterProc"))
    }

    @Test("serve refuses a broken configuration with the line and what to fix", .enabled(if: executable() != nil))
    func serveRefusesBrokenConfig() async throws {
        let (config, _) = try copyExamples(extraModule: nil)
        try edit(config, replacing: "%ISAPI_BRIDGE_BIN%/libHeaderEchoModule.so", with: "C:\\inetpub\\modules\\echo.dll")
        let server = try ServerProcess(["serve", "--config", config, "--port", "0"])
        #expect(await server.waitForExit() == 1, "\(server.text)")
        #expect(server.text.contains("'C:\\inetpub\\modules\\echo.dll' is a Windows path; map it to a Linux directory with --map-path 'C:\\inetpub=/srv/...'"), "\(server.text)")
        #expect(server.text.contains("the server does not start"))
    }
}
