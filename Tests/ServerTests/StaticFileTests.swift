import Foundation
import Pipeline
import Server
import TestSupport
import Testing

/// A site root in a temporary directory, with a secret file beside it (outside the root) and
/// symlinks pointing inside and outside.
final class SiteFixture {
    let base: String
    let root: String
    static let secretMarker = "TOP-SECRET-MARKER"
    static let modified = Date(timeIntervalSince1970: 1_600_000_000)  // Sun, 13 Sep 2020 12:26:40 GMT

    init() throws {
        base = ScratchDirectory.file("static")
        root = base + "/root"
        let files = FileManager.default
        try files.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try files.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        try files.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try "<h1>home</h1>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        try "body { color: red }".write(toFile: root + "/style.css", atomically: true, encoding: .utf8)
        try "{\"a\":1}".write(toFile: root + "/data.json", atomically: true, encoding: .utf8)
        try "sub index".write(toFile: root + "/sub/index.html", atomically: true, encoding: .utf8)
        try Self.secretMarker.write(toFile: base + "/outside/secret.txt", atomically: true, encoding: .utf8)
        try Self.secretMarker.write(toFile: base + "/secret.txt", atomically: true, encoding: .utf8)
        try files.createSymbolicLink(atPath: root + "/link-out.txt", withDestinationPath: base + "/outside/secret.txt")
        try files.createSymbolicLink(atPath: root + "/dir-out", withDestinationPath: base + "/outside")
        try files.createSymbolicLink(atPath: root + "/link-in.css", withDestinationPath: root + "/style.css")
        try files.setAttributes([.modificationDate: Self.modified], ofItemAtPath: root + "/style.css")
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }
}

@Suite("Static files", .serialized)
struct StaticFileTests {
    private func staticPipeline(_ root: String, _ recorder: ProbeRecorder) -> RequestPipeline {
        makePipeline(root: root, modules: [MapPathRecorder.registration(recorder), StaticFileModule.registration()])
    }

    @Test("files come with content type, length and Last-Modified; MapPath observers see the URL")
    func servesFiles() async throws {
        let site = try SiteFixture()
        let recorder = ProbeRecorder()
        try await withServer(staticPipeline(site.root, recorder)) { _, port in
            let client = try TestClient(port: port)
            let css = try client.get("/style.css")
            #expect(css.status == 200)
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
            #expect(css.header("Content-Length") == "19")
            #expect(css.header("Last-Modified") == "Sun, 13 Sep 2020 12:26:40 GMT")
            #expect(css.text == "body { color: red }")
            #expect(try client.get("/data.json").header("Content-Type") == "application/json")
            let home = try client.get("/")
            #expect(home.text == "<h1>home</h1>")
            #expect(home.header("Content-Type") == "text/html; charset=utf-8")
            #expect(try client.get("/link-in.css").text == "body { color: red }", "symlinks inside the root are fine")
            #expect(recorder.mappedURLs.withLock { $0.contains("/style.css") })
        }
    }

    @Test("missing files are 404; directories redirect to a trailing slash and serve index.html")
    func notFoundAndDirectories() async throws {
        let site = try SiteFixture()
        let recorder = ProbeRecorder()
        try await withServer(staticPipeline(site.root, recorder)) { _, port in
            let client = try TestClient(port: port)
            let missing = try client.get("/nope.html")
            #expect(missing.status == 404)
            #expect(missing.text.contains("/nope.html"))
            #expect(try client.get("/style.css/x").status == 404)
            let redirect = try client.get("/sub?x=1")
            #expect(redirect.status == 301)
            #expect(redirect.header("Location") == "http://localhost/sub/?x=1")
            #expect(try client.get("/sub/").text == "sub index")
            #expect(try client.get("/empty/").status == 403)
            #expect(try client.get("/style.css", method: "POST").status == 405)
        }
    }

    @Test("If-Modified-Since answers 304 when the file is not newer")
    func conditionalGet() async throws {
        let site = try SiteFixture()
        let recorder = ProbeRecorder()
        try await withServer(staticPipeline(site.root, recorder)) { _, port in
            let client = try TestClient(port: port)
            let same = try client.get("/style.css", headers: ["If-Modified-Since: Sun, 13 Sep 2020 12:26:40 GMT"])
            #expect(same.status == 304)
            #expect(same.body.isEmpty)
            #expect(same.header("Content-Length") == nil)
            let later = try client.get("/style.css", headers: ["If-Modified-Since: Mon, 14 Sep 2020 00:00:00 GMT"])
            #expect(later.status == 304)
            let older = try client.get("/style.css", headers: ["If-Modified-Since: Sat, 12 Sep 2020 00:00:00 GMT"])
            #expect(older.status == 200)
            #expect(older.text == "body { color: red }")
            let garbage = try client.get("/style.css", headers: ["If-Modified-Since: yesterday"])
            #expect(garbage.status == 200)
        }
    }

    @Test("HEAD has the file's headers and no body")
    func head() async throws {
        let site = try SiteFixture()
        let recorder = ProbeRecorder()
        try await withServer(staticPipeline(site.root, recorder)) { _, port in
            let client = try TestClient(port: port)
            let head = try client.get("/style.css", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "19")
            #expect(head.header("Content-Type") == "text/css; charset=utf-8")
            #expect(try client.get("/data.json").text == "{\"a\":1}", "no body bytes were left on the wire")
        }
    }

    @Test("paths that leave the root are refused and never serve the file",
          arguments: [
              "/../secret.txt", "/../outside/secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/outside/secret.txt",
              "/sub/../../secret.txt", "/a/%2F..%2F..%2Fsecret.txt", "/sub%2F..%2F..%2Fsecret.txt",
              "/..%5Csecret.txt", "/%5c..%5csecret.txt", "/link-out.txt", "/dir-out/secret.txt",
              "/sub/%2e%2e/%2e%2e/outside/secret.txt", "/secret.txt%00.css",
          ])
    func traversalRefused(path: String) async throws {
        let site = try SiteFixture()
        let recorder = ProbeRecorder()
        try await withServer(staticPipeline(site.root, recorder)) { _, port in
            let client = try TestClient(port: port)
            try client.send(TestClient.request("GET", path))
            let response = try client.readResponse()
            #expect(response.status == 403 || response.status == 404 || response.status == 400, "\(path) -> \(response.status)")
            #expect(!response.text.contains(SiteFixture.secretMarker))
        }
    }
}
