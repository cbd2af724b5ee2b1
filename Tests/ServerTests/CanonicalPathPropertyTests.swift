import Foundation
import Pipeline
import Rewrite
import Server
import TestSupport
import Testing

/// Generated equivalent spellings of a denied path: whatever the spelling, the deny rule (or the
/// equivalent request-filtering rule) applies, and the answer is never the file.
@Suite("Canonical request path: generated spellings", .serialized)
struct CanonicalPathPropertyTests {
    /// A small deterministic generator (SplitMix64), so a failure names a reproducible case.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A spelling of `/private/x.txt` that canonicalises to it: letters percent-encoded in upper
    /// or lower hex, separators doubled or written `\`, `/./` and `/name/../` inserted.
    /// With `rawBackslash` false, `\\` is always sent as `%5C`: the HTTP parser refuses a raw one in
    /// the request line (400) before the pipeline, which also never serves the file.
    static func spelling(_ rng: inout SplitMix, rawBackslash: Bool = true) -> String {
        // Origin-form starts with "/": what follows may be any separator spelling.
        var out = "/"
        for segment in ["private", "x.txt"] {
            out += separator(&rng, rawBackslash)
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                switch Int.random(in: 0...2, using: &rng) {
                case 0: out += "." + separator(&rng, rawBackslash)
                case 1: out += encode("a", &rng) + separator(&rng, rawBackslash) + ".." + separator(&rng, rawBackslash)
                default: out += encode("public", &rng) + separator(&rng, rawBackslash) + encode("..", &rng) + separator(&rng, rawBackslash)
                }
            }
            out += encode(segment, &rng)
        }
        return out
    }

    static func separator(_ rng: inout SplitMix, _ rawBackslash: Bool) -> String {
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in
            ["/", "/", rawBackslash ? "\\" : "%5c", "%2F", "%2f", "%5C"][Int.random(in: 0...5, using: &rng)]
        }.joined()
    }

    static func encode(_ text: String, _ rng: inout SplitMix) -> String {
        text.utf8.map { byte in
            guard Bool.random(using: &rng) else { return String(UnicodeScalar(byte)) }
            let hex = String(byte, radix: 16)
            return "%" + (Bool.random(using: &rng) ? hex.uppercased() : hex.lowercased())
        }.joined()
    }

    static func site() throws -> String {
        let root = URL(fileURLWithPath: ScratchDirectory.file("canonical"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("private"), withIntermediateDirectories: true)
        try "PRIVATE".write(to: root.appendingPathComponent("private/x.txt"), atomically: true, encoding: .utf8)
        try "RewriteRule ^/private(/.*)?$ - [F]\n".write(to: root.appendingPathComponent("IIRF.ini"), atomically: true, encoding: .utf8)
        return root.path
    }

    @Test func everyGeneratedSpellingCanonicalisesToTheDeniedPath() throws {
        var rng = SplitMix(state: 22)
        for _ in 0..<2_000 {
            let spelling = Self.spelling(&rng)
            let path = try CanonicalPath(raw: Substring(spelling))
            #expect(path.decoded == "/private/x.txt", "\(spelling)")
            #expect(!path.isDoubleEscaped)
        }
    }

    static func rewriteSite() throws -> RequestPipeline {
        let root = try Self.site()
        let filter = RewriteFilter(rulesFile: root + "/IIRF.ini", dialect: .iirf, checkInterval: .zero)
        let chain = try FilterChain([try FilterRegistration(name: "Rewrite", filter: filter, isGlobal: false)])
        return RequestPipeline(site: SiteInfo(physicalPath: root), modules: [StaticFileModule.registration()], filters: chain)
    }

    @Test func inProcessTheRewriteDenyRuleAppliesToEveryGeneratedSpelling() throws {
        let driver = InProcessDriver(pipeline: try Self.rewriteSite())
        var rng = SplitMix(state: 5)
        // The filter answers with SF_REQ_SEND_RESPONSE_HEADER: raw bytes, no pipeline head.
        #expect(driver.send(IncomingRequest(target: "/private/x.txt"))?.rawText.hasPrefix("HTTP/1.1 403") == true)
        for _ in 0..<1_000 {
            let spelling = Self.spelling(&rng)
            let response = driver.send(IncomingRequest(target: spelling))
            #expect(response?.rawText.hasPrefix("HTTP/1.1 403") == true, "\(spelling)")
            #expect(response?.bodyText != "PRIVATE", "\(spelling) served the file")
        }
    }

    @Test func aRewrittenURLIsCanonicalAndFilteredAgain() throws {
        let root = try Self.site()
        try "RewriteRule ^/go$ /public/..%2Fprivate//x.txt [L]\nRewriteRule ^/up$ /../x [L]\n"
            .write(toFile: root + "/IIRF.ini", atomically: true, encoding: .utf8)
        let filter = RewriteFilter(rulesFile: root + "/IIRF.ini", dialect: .iirf, checkInterval: .zero)
        let chain = try FilterChain([try FilterRegistration(name: "Rewrite", filter: filter, isGlobal: false)])
        let open = InProcessDriver(pipeline: RequestPipeline(
            site: SiteInfo(physicalPath: root), modules: [StaticFileModule.registration()], filters: chain))
        #expect(open.send(IncomingRequest(target: "/go"))?.bodyText == "PRIVATE", "the rewritten URL is made canonical")
        #expect(open.send(IncomingRequest(target: "/up"))?.rawText.hasPrefix("HTTP/1.1 500") == true,
                "a rewrite above the root is refused (the filter answers 500)")
        let hidden = InProcessDriver(pipeline: RequestPipeline(
            site: SiteInfo(physicalPath: root), modules: [StaticFileModule.registration()],
            requestFiltering: RequestFiltering(hiddenSegments: ["private"]), filters: chain))
        let response = hidden.send(IncomingRequest(target: "/go"))
        #expect(response?.status == 404)
        #expect(response?.bodyText.contains("hiddenSegments") == true, "request filtering looked at the rewritten URL")
    }

    @Test func theRewriteDenyRuleAppliesToEveryGeneratedSpelling() async throws {
        let pipeline = try Self.rewriteSite()
        var rng = SplitMix(state: 7)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/private/x.txt").status == 403)
            for _ in 0..<300 {
                let spelling = Self.spelling(&rng, rawBackslash: false)
                let response = try client.get(spelling)
                #expect(response.status == 403, "\(spelling): \(response.statusLine)")
                #expect(response.text != "PRIVATE", "\(spelling) served the file")
            }
        }
    }

    @Test func aHiddenSegmentAppliesToEveryGeneratedSpelling() async throws {
        let root = try Self.site()
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: root), modules: [StaticFileModule.registration()],
                                       requestFiltering: RequestFiltering(hiddenSegments: ["private"]))
        var rng = SplitMix(state: 11)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            for _ in 0..<300 {
                let spelling = Self.spelling(&rng, rawBackslash: false)
                let response = try client.get(spelling)
                #expect(response.status == 404, "\(spelling): \(response.statusLine)")
                #expect(response.text.contains("hiddenSegments"), "\(spelling): \(response.text)")
            }
        }
    }
}
