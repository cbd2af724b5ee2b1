import Pipeline
import Server
import TestSupport
import Testing

/// The one response writer: whatever produced a header, CR, LF and NUL never reach the wire; the
/// response becomes a 500 and the log names who set the header.
@Suite("One response writer validates every header", .serialized)
struct ResponseWriterTests {
    @Test("a module's header value with a CR fails the response with 500, logged with the module's name")
    func moduleHeaderWithCR() async throws {
        let log = CapturedLog()
        let module = ClosureModule.registration("Splitter", .executeRequestHandler) { _, context in
            context.response.headers.set("X-Note", context.request.path == "/bad" ? "a\rSet-Cookie: x=1" : "fine")
            context.response.write("body")
            return .finishRequest
        }
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/nonexistent"), modules: [module], logger: log.logger())
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let bad = try client.get("/bad")
            #expect(bad.status == 500)
            #expect(bad.header("Set-Cookie") == nil)
            #expect(bad.header("X-Note") == nil)
            #expect(!bad.text.contains("body"))
            #expect(log.lines.contains { $0.contains("module 'Splitter'") && $0.contains("X-Note") }, "\(log.lines)")
            let good = try client.get("/good")
            #expect(good.status == 200 && good.header("X-Note") == "fine" && good.text == "body")
        }
    }

    @Test("a filter's SEND_RESPONSE_HEADER block with a lone CR or two lengths answers 500 naming the filter")
    func filterHeaderBlock() async throws {
        let log = CapturedLog()
        let filter = ScriptedFilter("Block", flags: [.preprocHeaders]) { context, notification in
            guard case .preprocHeaders(let headers) = notification, let url = try? headers.getHeader("url") else {
                return .nextNotification
            }
            let block = url == "/cr" ? "X-A: 1\rSet-Cookie: y=2\r\nContent-Length: 0\r\n\r\n"
                : url == "/two" ? "Content-Length: 20\r\nContent-Length: 0\r\n\r\n" : "Content-Length: 2\r\n\r\n"
            try? context.sendResponseHeader(status: "200 OK", headers: block)
            if url == "/ok" { try? context.writeClient(Array("ok".utf8)) }
            return .finishedKeepConnection
        }
        let chain = try FilterChain([try FilterRegistration(name: "Block", filter: filter)])
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/nonexistent"), filters: chain, logger: log.logger())
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            let cr = try client.get("/cr")
            #expect(cr.status == 500)
            #expect(cr.header("Set-Cookie") == nil)
            let two = try client.get("/two")
            #expect(two.status == 500)
            #expect(two.headers.filter { $0.0.lowercased() == "content-length" }.count == 1)
            let ok = try client.get("/ok")
            #expect(ok.status == 200 && ok.text == "ok")
            #expect(log.lines.filter { $0.contains("ISAPI filter 'Block'") }.count == 2, "\(log.lines)")
        }
    }
}
