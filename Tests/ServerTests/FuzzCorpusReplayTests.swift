import Config
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Pipeline
import Rewrite
@_spi(Fuzzing) import Server
import Testing

/// The seed corpus of the fuzz targets in `Fuzz/` (Fuzz/Corpus/<target>/), replayed without
/// libFuzzer as the targets use it: every seed must get an answer, none may trap. Findings the
/// fuzzers made are kept here as seeds once fixed.
@Suite struct FuzzCorpusReplayTests {
    @Test func httpDateSeedsParseOrAreRefused() throws {
        let seeds = try corpus("http-date")
        #expect(seeds.count >= 5)
        for seed in seeds {
            guard let seconds = HTTPDate.parse(seed.text) else { continue }
            #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds, "\(seed.name)")
        }
    }

    /// Fuzz/Regressions/http-date: dates that trapped in `HTTPDate.parse` (a year or a time-of-day
    /// field past Int32) or that `timegm` would have moved (31 February): each is "not a date".
    @Test
    func httpDateRegressionsAreRefused() throws {
        let seeds = try corpus("http-date", in: "Regressions")
        #expect(!seeds.isEmpty)
        for seed in seeds { #expect(HTTPDate.parse(seed.text) == nil, "\(seed.name)") }
    }

    @Test func configSeedsReadOrNameTheirErrors() throws {
        let seeds = try corpus("config-reader") + corpus("config-reader", in: "Regressions")
        #expect(seeds.count >= 4)
        for seed in seeds {
            do {
                _ = try ConfigReader().read(data: Data(seed.bytes), file: "fuzz.config", baseDirectory: "/nonexistent/fuzz")
            } catch {
                #expect(!error.errors.isEmpty, "\(seed.name): a failed read must say why")
            }
        }
    }

    @Test(arguments: [("rewrite-iirf", Dialect.iirf), ("rewrite-modrewrite", Dialect.modRewrite)])
    func rewriteSeedsParseAndEvaluate(target: String, dialect: Dialect) throws {
        let seeds = try corpus(target)
        #expect(seeds.count >= 3)
        for seed in seeds {
            let fields = seed.fields
            let tester = RewriteTester(rules: RuleSet.parse(fields[0], dialect: dialect, file: "/nonexistent/fuzz/rules"))
            for url in fields.dropFirst() + ["/index.html?a=1"] {
                #expect(!tester.evaluate(url).outcome.isEmpty, "\(seed.name) \(url)")
            }
        }
    }

    /// Through the handlers `HTTPServer` installs, on an `EmbeddedChannel`: every seed gets a response.
    @Test func httpHeadSeedsGetAResponse() throws {
        let seeds = try corpus("http-head")
        #expect(seeds.count >= 10)
        try expectResponses(to: seeds)
    }

    /// Fuzz/Regressions/http-head: `If-Modified-Since` with a year past Int32 on a static file (it
    /// trapped in `HTTPDate.parse`, see `httpDateRegressionsAreRefused`) gets an answer.
    @Test
    func httpHeadRegressionsGetAResponse() throws {
        let seeds = try corpus("http-head", in: "Regressions")
        #expect(!seeds.isEmpty)
        try expectResponses(to: seeds)
    }

    private func expectResponses(to seeds: [Seed]) throws {
        let pipeline = DemoSite.pipeline(root: try #require(DemoSite.locateRoot()))
        for seed in seeds {
            // A loop per connection: timers of earlier connections would pile up on a shared one.
            let loop = EmbeddedEventLoop()
            defer { try? loop.syncShutdownGracefully() }
            let installer = ConnectionHandlerInstaller(
                configuration: ServerConfiguration(eventLoopThreads: 1), sites: .single(pipeline),
                loop: loop, logger: Logger(label: "fuzz-replay", factory: { _ in SwiftLogNoOpLogHandler() }))
            let channel = EmbeddedChannel(loop: loop)
            try installer.install(on: channel)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
            _ = try? channel.writeInbound(channel.allocator.buffer(bytes: seed.bytes))
            loop.advanceTime(by: .seconds(10))  // past the linger time; see Fuzz/Sources/FuzzEntries/ConnectionDriver.swift
            var answer = ""
            while let part = try channel.readOutbound(as: ByteBuffer.self) { answer += String(buffer: part) }
            #expect(answer.hasPrefix("HTTP/1.1 "), "\(seed.name): \(answer.prefix(80))")
            _ = try? channel.finish(acceptAlreadyClosed: true)
        }
    }
}

private struct Seed {
    let name: String
    let bytes: [UInt8]
    var text: String { String(decoding: bytes, as: UTF8.self) }
    /// NUL-separated fields, as the multi-string targets read them.
    var fields: [String] { bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) } }
}

/// The files of Fuzz/<directory>/<target>, by name: the seeds (`Corpus`) or the reproducers of
/// findings (`Regressions`).
private func corpus(_ target: String, in directoryName: String = "Corpus", filePath: String = #filePath) throws -> [Seed] {
    var repository = URL(fileURLWithPath: filePath)
    for _ in 0..<3 { repository.deleteLastPathComponent() }  // Tests/ServerTests/<file> -> repository
    let directory = repository.appendingPathComponent("Fuzz/\(directoryName)/\(target)")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    return try names.map { Seed(name: $0, bytes: Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
}
