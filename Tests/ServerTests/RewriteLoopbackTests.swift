import Memory
import Foundation
import Pipeline
import Rewrite
import Server
import TestSupport
import Testing

/// The rewrite filter in front of the static file handler, over loopback with a real client.
@Suite("Rewrite filter over loopback", .serialized)
struct RewriteLoopbackTests {
    /// A site with `new.html` and `old.html`, the rewrite filter reading `IIRF.ini` beside them.
    static func site(rules: String, accounting: MemoryAccounting = .shared) throws -> (RequestPipeline, rules: URL) {
        let root = URL(fileURLWithPath: ScratchDirectory.file("rewrite-site"))
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try "NEW".write(to: root.appendingPathComponent("new.html"), atomically: true, encoding: .utf8)
        try "OLD".write(to: root.appendingPathComponent("old.html"), atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("IIRF.ini")
        try rules.write(to: file, atomically: true, encoding: .utf8)
        let filter = RewriteFilter(rulesFile: file.path, dialect: .iirf, checkInterval: .zero)
        let chain = try FilterChain([try FilterRegistration(name: "Rewrite", filter: filter, isGlobal: false)])
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: root.path), modules: [StaticFileModule.registration()],
                                       filters: chain, accounting: accounting)
        return (pipeline, file)
    }

    @Test("a rewrite changes what the static handler serves")
    func rewriteChangesWhatIsServed() async throws {
        let (pipeline, _) = try Self.site(rules: "RewriteRule ^/old\\.html$ /new.html [L]\n")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/old.html").text == "NEW")
            #expect(try client.get("/new.html").text == "NEW")
            #expect(try client.get("/other.html").status == 404)
        }
    }

    @Test("a redirect has the status and an absolute Location; 403 and 410 answer without the handler")
    func redirectAndStatuses() async throws {
        let rules = "RedirectRule ^/moved$ /new.html [R=301]\nRewriteRule ^/secret - [F]\nRewriteRule ^/old\\.html$ - [G]\n"
        let (pipeline, _) = try Self.site(rules: rules)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let moved = try client.get("/moved")
            #expect(moved.status == 301)
            #expect(moved.header("Location") == "http://localhost:\(port)/new.html")
            #expect(try client.get("/new.html").text == "NEW", "the connection stays usable after the redirect")
            #expect(try client.get("/secret").status == 403)
            #expect(try client.get("/old.html").status == 410)
            #expect(try client.get("/new.html").text == "NEW")
        }
    }

    @Test("a rules file edited while the server runs takes effect without a restart")
    func editedRules() async throws {
        let (pipeline, file) = try Self.site(rules: "RewriteRule ^/page$ /old.html [L]\n")
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            #expect(try client.get("/page").text == "OLD")
            try "RewriteRule ^/page$ /new.html [L]\n# edited\n".write(to: file, atomically: true, encoding: .utf8)
            #expect(try client.get("/page").text == "NEW")
        }
    }

    // 1,000 here (a few seconds in a debug build), 10,000 through InProcessDriver in RewriteTests.
    @Test("1,000 rewritten requests on one keep-alive connection keep connection memory flat")
    func keepAliveMemoryStaysFlat() async throws {
        let accounting = MemoryAccounting()
        let (pipeline, _) = try Self.site(rules: "RewriteRule ^/item/(\\d+)$ /new.html?id=$1 [U,L]\n", accounting: accounting)
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            for index in 0..<1_000 {
                let response = try client.get("/item/\(index)")
                guard response.text == "NEW" else {
                    Issue.record("request \(index): \(response.statusLine)")
                    return
                }
            }
            #expect(accounting.liveConnectionBytes == 0, "connection (AllocMem) bytes grew: \(accounting.liveConnectionBytes)")
        }
    }
}
