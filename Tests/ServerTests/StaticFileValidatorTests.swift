import Foundation
import Pipeline
@testable import Server
import TestSupport
import Testing

/// ETag, the conditional headers, byte ranges, HEAD and freshness of the static handler, over loopback.
@Suite("Static files: validators, ranges, freshness", .serialized)
struct StaticFileValidatorTests {
    private func pipeline(_ root: String, cache: FileCache = FileCache()) -> RequestPipeline {
        makePipeline(root: root, modules: [StaticFileModule.registration(cache: cache)])
    }

    @Test("ETag and Last-Modified come with the file; If-None-Match answers 304 and wins over If-Modified-Since")
    func entityTags() async throws {
        let site = try SiteFixture()
        try await withServer(pipeline(site.root)) { _, port in
            let client = try TestClient(port: port)
            let first = try client.get("/style.css")
            let etag = try #require(first.header("ETag"))
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.contains(":"))
            #expect(first.header("Last-Modified") == "Sun, 13 Sep 2020 12:26:40 GMT")
            #expect(first.header("Accept-Ranges") == "bytes")
            #expect(try client.get("/style.css").header("ETag") == etag, "the same file keeps its tag")
            #expect(try client.get("/data.json").header("ETag") != etag)

            for header in ["If-None-Match: \(etag)", "If-None-Match: \"other\", W/\(etag)", "If-None-Match: *"] {
                let same = try client.get("/style.css", headers: [header])
                #expect(same.status == 304, "\(header)")
                #expect(same.body.isEmpty)
                #expect(same.header("ETag") == etag)
            }
            let other = try client.get("/style.css", headers: ["If-None-Match: \"other\"",
                                                               "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT"])
            #expect(other.status == 200, "a tag that does not match decides; the date is not looked at")
            #expect(other.text == "body { color: red }")
        }
    }

    @Test("If-Match and If-Unmodified-Since that do not hold answer 412")
    func preconditionFailed() async throws {
        let site = try SiteFixture()
        try await withServer(pipeline(site.root)) { _, port in
            let client = try TestClient(port: port)
            let etag = try #require(try client.get("/style.css").header("ETag"))
            #expect(try client.get("/style.css", headers: ["If-Match: \"nope\""]).status == 412)
            #expect(try client.get("/style.css", headers: ["If-Match: W/\(etag)"]).status == 412, "If-Match compares strongly")
            #expect(try client.get("/style.css", headers: ["If-Match: \(etag)"]).text == "body { color: red }")
            #expect(try client.get("/style.css", headers: ["If-Unmodified-Since: Sat, 12 Sep 2020 00:00:00 GMT"]).status == 412)
            #expect(try client.get("/style.css", headers: ["If-Unmodified-Since: Mon, 14 Sep 2020 00:00:00 GMT"]).status == 200)
        }
    }

    @Test("one range answers 206 with Content-Range; a range past the end 416; several ranges or bad syntax the whole file")
    func ranges() async throws {
        let site = try SiteFixture()
        try await withServer(pipeline(site.root)) { _, port in
            let client = try TestClient(port: port)
            let cases: [(String, Int, String?, String)] = [
                ("bytes=0-3", 206, "bytes 0-3/19", "body"),
                ("bytes=5-", 206, "bytes 5-18/19", "{ color: red }"),
                ("bytes=-4", 206, "bytes 15-18/19", "ed }"),
                ("bytes=17-100", 206, "bytes 17-18/19", " }"),
                ("BYTES=0-0", 206, "bytes 0-0/19", "b"),
                ("bytes=0-1,5-6", 200, nil, "body { color: red }"),
                ("bytes=3-1", 200, nil, "body { color: red }"),
                ("items=0-1", 200, nil, "body { color: red }"),
                ("bytes=x-1", 200, nil, "body { color: red }"),
            ]
            for (range, status, contentRange, body) in cases {
                let response = try client.get("/style.css", headers: ["Range: \(range)"])
                #expect(response.status == status, "\(range)")
                #expect(response.header("Content-Range") == contentRange, "\(range)")
                #expect(response.text == body, "\(range)")
                #expect(response.header("Content-Length") == String(body.utf8.count), "\(range)")
            }
            for range in ["bytes=19-", "bytes=1000-2000", "bytes=-0"] {
                let response = try client.get("/style.css", headers: ["Range: \(range)"])
                #expect(response.status == 416, "\(range)")
                #expect(response.header("Content-Range") == "bytes */19", "\(range)")
            }
            #expect(try client.get("/style.css").text == "body { color: red }", "the connection is still in step")
        }
    }

    @Test("If-Range: the range when the validator matches, else the whole file")
    func ifRange() async throws {
        let site = try SiteFixture()
        try await withServer(pipeline(site.root)) { _, port in
            let client = try TestClient(port: port)
            let etag = try #require(try client.get("/style.css").header("ETag"))
            let matching = try client.get("/style.css", headers: ["Range: bytes=0-3", "If-Range: \(etag)"])
            #expect(matching.status == 206)
            #expect(matching.text == "body")
            let byDate = try client.get("/style.css", headers: ["Range: bytes=0-3", "If-Range: Sun, 13 Sep 2020 12:26:40 GMT"])
            #expect(byDate.status == 206)
            let stale = try client.get("/style.css", headers: ["Range: bytes=0-3", "If-Range: \"older\""])
            #expect(stale.status == 200)
            #expect(stale.text == "body { color: red }")
        }
    }

    @Test("a range of a file sent with sendfile is the right slice; HEAD ignores Range and sends no body")
    func rangeOfALargeFileAndHead() async throws {
        let site = try BigFileSite()
        try await withServer(pipeline(site.root)) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            let part = try client.get("/big.bin", headers: ["Range: bytes=1000000-1000999"])
            #expect(part.status == 206)
            #expect(part.header("Content-Range") == "bytes 1000000-1000999/\(BigFileSite.size)")
            #expect(part.body == Array(site.big[1_000_000...1_000_999]))
            let tail = try client.get("/big.bin", headers: ["Range: bytes=-70000"])
            #expect(tail.body == Array(site.big.suffix(70000)))
            let head = try client.get("/big.bin", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(BigFileSite.size))
            #expect(head.header("ETag") != nil)
            #expect(head.header("Accept-Ranges") == "bytes")
            #expect(head.body.isEmpty)
            let headRange = try client.get("/big.bin", headers: ["Range: bytes=0-9"], method: "HEAD")
            #expect(headRange.status == 200)
            #expect(headRange.header("Content-Length") == String(BigFileSite.size))
            #expect(try client.get("/small.txt").text == "small", "no body bytes were left on the wire")
        }
    }

    @Test("a file changed on disk is served fresh, with a new ETag (cache that looks on every request)")
    func changedFileServedFresh() async throws {
        let site = try SiteFixture()
        let cache = FileCache(limits: .init(revalidateAfter: .zero))
        try await withServer(pipeline(site.root, cache: cache)) { _, port in
            let client = try TestClient(port: port)
            let before = try client.get("/data.json")
            #expect(before.text == "{\"a\":1}")
            try "{\"a\":22}".write(toFile: site.root + "/data.json", atomically: true, encoding: .utf8)
            let after = try client.get("/data.json")
            #expect(after.text == "{\"a\":22}")
            #expect(after.header("ETag") != before.header("ETag"))
            let old = try client.get("/data.json", headers: ["If-None-Match: \(before.header("ETag") ?? "")"])
            #expect(old.status == 200, "the old tag no longer matches")
            try FileManager.default.removeItem(atPath: site.root + "/data.json")
            #expect(try client.get("/data.json").status == 404)
        }
    }

    @Test("a download that the client does not read does not hold up a small request on the same event loop")
    func largeDownloadDoesNotBlock() async throws {
        let base = ScratchDirectory.file("stall")
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let size = 64 * 1024 * 1024  // far more than the loopback socket buffers hold
        #expect(FileManager.default.createFile(atPath: base + "/large.bin", contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: base + "/large.bin"))
        try handle.truncate(atOffset: UInt64(size))  // sparse: no disk used
        try handle.close()
        try "small".write(toFile: base + "/small.txt", atomically: true, encoding: .utf8)
        try await withServer(pipeline(base)) { _, port in
            let downloader = try TestClient(port: port, timeout: .seconds(30))
            try downloader.send(TestClient.request("GET", "/large.bin"))
            var large = try downloader.readHead()
            #expect(large.status == 200)
            #expect(large.header("Content-Length") == String(size))
            // The download is under way and stays so: nothing more is read from it until the
            // other client has its whole answer.
            let other = try TestClient(port: port)
            #expect(try other.get("/small.txt").text == "small")
            #expect(try other.get("/small.txt", method: "HEAD").header("Content-Length") == "5")
            try downloader.readBody(of: &large)
            #expect(large.body.count == size)
            #expect(large.body.allSatisfy { $0 == 0 })
        }
    }
}
