import Config
import Foundation
import Pipeline
import RequestLog
import Server
import SiteAssembly
import TestSupport
import Testing

@Suite("Sites by Host header", .serialized)
struct HostRoutingTests {
    let global = RecordingFilter("Everyone")
    let alpha = RecordingFilter("AlphaOnly")
    let beta = RecordingFilter("BetaOnly")

    var loader: SwiftFilterLoader {
        SwiftFilterLoader(filters: ["/filters/global.so": global, "/filters/alpha.so": alpha, "/filters/beta.so": beta])
    }

    @Test func twoSitesOnOnePortGetTheirOwnSiteFilters() async throws {
        let directory = try TemporaryConfig.directory()
        let model = try TemporaryConfig.model(twoSiteConfig(), in: directory)
        #expect(model.listeners.count == 1)
        let assembled = try ServerAssembler(loader: loader).assemble(model)
        #expect(assembled.site(named: "Alpha")?.pipeline.filters?.filters.map(\.name) == ["Everyone", "AlphaOnly"])
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)

        let first = try TestClient(port: port)
        #expect(try first.get("/a", host: "alpha.test").status == 404)
        let second = try TestClient(port: port)
        #expect(try second.get("/b", host: "BETA.test:\(port)").status == 404)
        let third = try TestClient(port: port)
        #expect(try third.get("/", host: "alpha.test").status == 200)
        #expect(await eventually { alpha.all.count == 2 && beta.all.count == 1 })
        #expect(alpha.all == ["/a", "/"])
        #expect(beta.all == ["/b"])
        #expect(global.all.sorted() == ["/", "/a", "/b"])
        for client in [first, second, third] { client.close() }
        await server.shutdown()
    }

    @Test func unknownHostGets400UnlessASiteTakesAnyHost() async throws {
        let directory = try TemporaryConfig.directory()
        let strict = try ServerAssembler(loader: loader).assemble(TemporaryConfig.model(twoSiteConfig(), in: directory))
        let server = ConfiguredServer(strict, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        let response = try client.get("/", host: "gamma.test")
        #expect(response.status == 400)
        #expect(response.text == "Bad Request - Invalid Hostname\n")
        client.close()
        await server.shutdown()

        let open = try ServerAssembler(loader: loader).assemble(TemporaryConfig.model(twoSiteConfig(wildcard: true), in: directory))
        let routing = open.selection(for: Listener(address: "127.0.0.1", port: 0))
        guard case .byHost(let hosts) = routing else { Issue.record("expected host routing"); return }
        #expect(hosts.pipeline(forHost: "gamma.test").site.name == "Beta")
        #expect(hosts.pipeline(forHost: "alpha.test:80").site.name == "Alpha")
        #expect(hosts.pipeline(forHost: nil).site.name == "Beta")
    }

    @Test func rawDataFiltersOnASharedListenerSeeTheFirstHead() async throws {
        let raw = RawBytesFilter()
        let loader = SwiftFilterLoader(filters: ["/filters/global.so": raw, "/filters/alpha.so": alpha, "/filters/beta.so": beta])
        let directory = try TemporaryConfig.directory()
        let assembled = try ServerAssembler(loader: loader).assemble(TemporaryConfig.model(twoSiteConfig(), in: directory))
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        // The head arrives in two pieces: the site is chosen once it is complete.
        try client.send("GET /first HTTP/1.1\r\nHo")
        try await Task.sleep(for: .milliseconds(50))
        try client.send("st: beta.test\r\n\r\n")
        #expect(try client.readResponse().status == 404)
        #expect(raw.text.hasPrefix("GET /first HTTP/1.1\r\nHost: beta.test\r\n\r\n"))
        #expect(await eventually { beta.all == ["/first"] })
        #expect(alpha.all.isEmpty)
        client.close()
        await server.shutdown()
    }

    @Test func aMalformedFirstRequestOnASharedListenerGets400() async throws {
        let directory = try TemporaryConfig.directory()
        let assembled = try ServerAssembler(loader: loader).assemble(TemporaryConfig.model(twoSiteConfig(), in: directory))
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        try client.send("GET / HTTP/1.1\r\nHost: alpha.test\r\nBad Header Without Colon\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(client.waitForClose())
        client.close()
        await server.shutdown()
    }

    @Test func aKeepAliveConnectionStaysWithItsFirstSite() async throws {
        let directory = try TemporaryConfig.directory()
        let assembled = try ServerAssembler(loader: loader).assemble(TemporaryConfig.model(twoSiteConfig(), in: directory))
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        _ = try client.get("/one", host: "alpha.test")
        _ = try client.get("/two", host: "beta.test")
        #expect(await eventually { alpha.all.count == 2 })
        #expect(alpha.all == ["/one", "/two"])
        #expect(beta.all.isEmpty)
        client.close()
        await server.shutdown()
    }

    @Test func w3cLogCarriesTheFiltersLogEdits() async throws {
        let directory = try TemporaryConfig.directory()
        let writers = W3CLogWriterSet()
        let options = PipelineOptions(logDirectory: directory + "/logs", logWriters: writers)
        let assembled = try ServerAssembler(loader: loader, options: options)
            .assemble(TemporaryConfig.model(twoSiteConfig(), in: directory))
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let client = try TestClient(port: port)
        _ = try client.get("/index.html?x=1", host: "alpha.test")
        client.close()
        await server.shutdown()
        let file = directory + "/logs/W3SVC1/" + W3CLogEntry.fileName(for: Date())
        // The line is handed to the writer when the request completes, which under the full
        // suite's load was once still to come when shutdown returned.
        let written = await eventually {
            writers.flushAll()
            return ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").contains("seen-by-AlphaOnly")
        }
        #expect(written, "the request's line reaches the W3C log")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "#Software: isapi-bridge 0.1")
        #expect(lines[1] == "#Version: 1.0")
        #expect(lines[3] == "#Fields: " + W3CLogEntry.fields)
        let fields = lines[4].split(separator: " ").map(String.init)
        #expect(fields.count == 15)
        #expect(Array(fields[2...11]) == ["127.0.0.1", "GET", "/index.html", "x=1", String(port), "seen-by-AlphaOnly", "127.0.0.1", "-", "-", "200"])
    }
}
