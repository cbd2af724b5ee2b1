import Logging
import Pipeline
import TestSupport
import Testing
@testable import NativeHost

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ISAPI extensions as IsapiModule handlers, over HTTP on loopback: what the ISAPI extension
/// documentation says an extension sees and what a client gets back.
@Suite(.serialized) struct ExtensionServerTests {
    /// A site whose `*.isa` and `*.txt` requests run the probe extension (`Fixtures/ext_probe.c`).
    struct Probe {
        let loaded: NativeExtension
        let root: String
        let log = CapturedLog()

        init() throws {
            loaded = try NativeExtensionLoader().load(path: try NativeFixtures.fixture("ext_probe"))
            root = try NativeFixtures.temporaryDirectory()
        }

        func pipeline(settings: ExtensionSettings = ExtensionSettings(), filters: [NativeFilterSpec] = []) throws -> RequestPipeline {
            let module = IsapiExtensionModule.registration(targets: ["Probe": .loaded(loaded), "ProbeText": .loaded(loaded)], settings: settings)
            let chain = filters.isEmpty ? nil : try NativeFilterSite.loadChain(filters).get()
            return RequestPipeline(site: SiteInfo(id: 3, name: "Extensions", physicalPath: root), modules: [module],
                                   handlers: [HandlerMapping(name: "Probe", path: "*.isa", modules: ["IsapiModule"]),
                                              HandlerMapping(name: "ProbeText", path: "*.txt", modules: ["IsapiModule"])],
                                   filters: chain, logger: log.logger(label: "pipeline"))
        }

        var events: String { Self.events(of: loaded.path) }
    }

    static func post(_ path: String, body: [UInt8], contentType: String = "application/octet-stream") -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    static func fields(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    @Test func theECBCarriesTheRequestAsDocumented() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        try await withServer(try probe.pipeline()) { _, port in
            let client = try TestClient(port: port)
            try client.send(Self.post("/probe.isa?ecb", body: Array("hello world".utf8), contentType: "text/plain"))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("X-Probe") == "ecb")
            let fields = Self.fields(response.text)
            #expect(fields["cbSize"] == "192")
            #expect(fields["dwVersion"] == "8.0")
            #expect(fields["method"] == "POST")
            #expect(fields["query"] == "ecb")
            #expect(fields["pathInfo"] == "/probe.isa")
            #expect(fields["pathTranslated"] == probe.root + "/probe.isa")
            #expect(fields["contentType"] == "text/plain")
            #expect(fields["cbTotalBytes"] == "11")
            #expect(fields["cbAvailable"] == "11")
            #expect(fields["first"] == "hello wo")
            #expect(fields["host"] == "localhost")
            #expect(fields["missing"] == "error 1413", "an unknown variable is ERROR_INVALID_INDEX")
            #expect(fields["small"] == "0,122,5", "too small a buffer: ERROR_INSUFFICIENT_BUFFER and the size needed")
        }
        #expect(await eventually { ExtensionSessions.count == 0 }, "the ECB is freed when the request ends")
    }

    @Test func theBodyComesAsAReadAheadChunkThenReadClientInPieces() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        let body = (0..<5000).map { UInt8($0 % 251) }
        let sum = body.reduce(0) { $0 + Int($1) }
        try await withServer(try probe.pipeline(settings: ExtensionSettings(uploadReadAheadSize: 1024))) { _, port in
            let client = try TestClient(port: port)
            try client.send(Self.post("/probe.isa?read", body: body))
            #expect(try client.readResponse().text == "available=1024 total=5000 reads=4 sum=\(sum) end=1\n")
        }
        let large = (0..<100_000).map { UInt8($0 % 7) }
        let largeSum = large.reduce(0) { $0 + Int($1) }
        try await withServer(try probe.pipeline()) { _, port in
            let client = try TestClient(port: port)
            try client.send(Self.post("/probe.isa?read", body: large))
            #expect(try client.readResponse().text == "available=49152 total=100000 reads=51 sum=\(largeSum) end=1\n",
                    "IIS's default read-ahead is 48 KiB")
        }
    }

    @Test func asynchronousReadClientDeliversTheRestThroughTheCompletion() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        let body = (0..<3000).map { UInt8($0 % 13) }
        let sum = body.reduce(0) { $0 + Int($1) }
        try await withServer(try probe.pipeline(settings: ExtensionSettings(uploadReadAheadSize: 1000))) { _, port in
            let client = try TestClient(port: port)
            try client.send(Self.post("/probe.isa?async-read", body: body))
            #expect(try client.readResponse().text == "total=3000 sum=\(sum) reads=3\n")
        }
    }

    @Test func synchronousAndAsynchronousWrites() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        try await withServer(try probe.pipeline()) { _, port in
            let client = try TestClient(port: port)
            let async = try client.get("/probe.isa?async-write")
            #expect(async.status == 200)
            #expect(async.text == "chunk1;chunk2;chunk3;bytes=21", "an async write without HSE_REQ_IO_COMPLETION is refused")
            let headed = try client.get("/probe.isa?headers-body")
            #expect(headed.status == 202 && headed.statusLine.hasSuffix("202 Accepted"))
            #expect(headed.header("X-One") == "1")
            #expect(headed.text == "body after headers;more", "bytes after the header block's empty line are body")
            let bare = try client.get("/probe.isa?no-headers")
            #expect(bare.status == 200 && bare.text == "just a body")
        }
    }

    @Test func redirectsAnswer302WithLocation() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        try await withServer(try probe.pipeline()) { _, port in
            let response = try TestClient(port: port).get("/probe.isa?redirect")
            #expect(response.status == 302)
            #expect(response.header("Location") == "http://localhost/elsewhere?x=1")
        }
    }

    @Test func keepAliveFollowsTheExtensionsWish() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        try await withServer(try probe.pipeline()) { _, port in
            let client = try TestClient(port: port)
            let kept = try client.get("/probe.isa?keep")
            #expect(kept.text == "keep=1 connected=1 token=0/50/(nil) exec=0/50",
                    "no impersonation token on Linux (ERROR_NOT_SUPPORTED), EXEC_URL not supported")
            #expect(kept.header("Content-Length") == String(kept.body.count))
            #expect(try client.get("/probe.isa?keep").status == 200, "the connection stayed open")
            let closing = try client.get("/probe.isa?close")
            #expect(closing.text.hasPrefix("keep=0 "))
            #expect(client.waitForClose(), "fKeepConn FALSE closes the connection after the response")
        }
    }

    @Test func pendingIsCompletedFromAnotherThread() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        try await withServer(try probe.pipeline()) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/probe.isa?thread")
            #expect(response.status == 201)
            #expect(response.header("X-From") == "worker")
            #expect(response.text == "from another thread (GET)")
            #expect(try client.get("/probe.isa?keep").status == 200, "the connection goes on after DONE_WITH_SESSION")
        }
        #expect(await eventually { probe.events.contains("worker:done=1,again=0/87,late=0/87 ") },
                "after DONE_WITH_SESSION the ConnID is dead: ERROR_INVALID_PARAMETER, no crash (\(probe.events))")
        #expect(await eventually { ExtensionSessions.count == 0 })
    }

    @Test func aBadReturnValueIsA500WithALogLine() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        try await withServer(try probe.pipeline()) { _, port in
            let client = try TestClient(port: port)
            let response = try client.get("/probe.isa?bad")
            #expect(response.status == 500)
            #expect(response.text.contains("invalid status (99)"))
            #expect(client.waitForClose())
            let error = try TestClient(port: port)
            #expect(try error.get("/probe.isa?error").status == 500)
            #expect(error.waitForClose(), "HSE_STATUS_ERROR closes the connection")
            #expect(try TestClient(port: port).get("/probe.isa?ecb").status == 200, "the server goes on")
        }
        #expect(probe.log.lines.contains { $0.contains("returned 99, which is not an HSE_STATUS_* value") })
    }

    @Test func urlsMapToPaths() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        let path = probe.root + "/docs/a.txt"
        try await withServer(try probe.pipeline()) { _, port in
            let text = try TestClient(port: port).get("/probe.isa?map").text
            #expect(text.contains("map=1 \(path) \(path.utf8.count + 1)\n"))
            #expect(text.contains("small=0 122 \((probe.root + "/docs/a").utf8.count + 1)\n"), "too small a buffer: the size needed")
            #expect(text.contains("ex=1 \(path) flags=513 matching=\(probe.root.utf8.count)\n"))
        }
    }

    @Test func transmitFileSendsTheFileWithHeadersAndTail() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        let file = probe.root + "/t.txt"
        let handle = fopen(file, "w")
        fputs("0123456789", handle)
        fclose(handle)
        try await withServer(try probe.pipeline()) { _, port in
            let response = try TestClient(port: port).get("/t.txt?transmit")
            #expect(response.status == 200)
            #expect(response.header("X-Transmit") == "yes")
            #expect(response.text == "23456789<tail>")
        }
        let head = "Content-Type: text/plain\r\nX-Transmit: yes\r\n\r\n".utf8.count
        #expect(probe.events.contains("transmitted:\(head + 8 + 6)/0 "))
    }

    @Test func aCFilterSeesTheExtensionsHeadersAndRawData() async throws {
        let probe = try Probe()
        defer { probe.loaded.terminate() }
        let filters = [NativeFilterSpec(path: try NativeFixtures.example("ResponseHeadersFilter")),
                       NativeFilterSpec(path: try NativeFixtures.fixture("raw_editor"))]
        try await withServer(try probe.pipeline(filters: filters)) { _, port in
            let response = try TestClient(port: port).get("/probe.isa?headers-body")
            #expect(response.status == 202)
            #expect(response.header("X-Filtered-By") == "ResponseHeadersFilter", "SEND_RESPONSE ran for the extension's response")
            #expect(response.header("X-Frame-Options") == "DENY", "the filter saw the extension's header and kept it")
            #expect(response.text == "BODY AFTER HEADERS;!MORE!", "SEND_RAW_DATA rewrote each of the extension's writes")
        }
    }

    @Test func loadOrderIsDllMainThenVersionAndTerminateBeforeDetach() throws {
        let path = try NativeFixtures.fixture("ext_probe")
        let first = try NativeExtensionLoader().load(path: path)
        let before = Probe.events(of: path)
        first.terminate()
        first.terminate()
        let after = Probe.events(of: path)
        #expect(before.hasSuffix("attach version "))
        #expect(after == before + "terminate detach ", "TerminateExtension once, then DLL_PROCESS_DETACH")
        #expect(first.extensionDescription == "extension probe")
    }

    @Test func loadErrorsSayWhatIsWrong() throws {
        #expect(throws: NativeExtensionLoadError(file: try NativeFixtures.fixture("ext_no_proc"), cause: .library(.missingExport("HttpExtensionProc")))) {
            try NativeExtensionLoader().load(path: try NativeFixtures.fixture("ext_no_proc"))
        }
        let refuses = try NativeFixtures.fixture("ext_refuses")
        do throws(NativeExtensionLoadError) {
            _ = try NativeExtensionLoader().load(path: refuses)
            Issue.record("loaded an extension whose GetExtensionVersion returns FALSE")
        } catch {
            #expect(error.cause == .refusedByExtension(.accessDenied))
            #expect(error.description.contains("GetExtensionVersion returned FALSE with last error 5"))
        }
        do throws(NativeExtensionLoadError) {
            _ = try NativeExtensionLoader().load(path: "/nonexistent/ext.so")
            Issue.record("loaded a file that does not exist")
        } catch {
            #expect(error.cause == .library(.fileNotFound))
            #expect(error.description.contains("ISAPI extension /nonexistent/ext.so"))
        }
    }

    @Test func aRequestNotAllowedByTheRestrictionListGets404Point2() async throws {
        let root = try NativeFixtures.temporaryDirectory()
        let module = IsapiExtensionModule.registration(targets: ["Denied": .notAllowed(path: "/opt/x.so")])
        let pipeline = RequestPipeline(site: SiteInfo(id: 3, name: "Denied", physicalPath: root), modules: [module],
                                       handlers: [HandlerMapping(name: "Denied", path: "*.isa", modules: ["IsapiModule"])])
        try await withServer(pipeline) { _, port in
            let response = try TestClient(port: port).get("/x.isa")
            #expect(response.status == 404)
            #expect(response.text.contains("404.2"))
        }
    }
}

extension ExtensionServerTests.Probe {
    static func events(of path: String) -> String {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD) else { return "" }
        defer { dlclose(handle) }
        guard let symbol = dlsym(handle, "ext_probe_events") else { return "" }
        let read = unsafeBitCast(symbol, to: (@convention(c) () -> UnsafePointer<CChar>).self)
        return String(cString: read())
    }
}
