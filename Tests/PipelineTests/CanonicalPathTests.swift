import Pipeline
import TestSupport
import Testing

@Suite("Canonical request path and request filtering")
struct CanonicalPathTests {
    func canonical(_ raw: String) throws(RequestError) -> CanonicalPath { try CanonicalPath(raw: Substring(raw)) }

    @Test func decodesSeparatorsAndDotSegmentsOnce() throws {
        #expect(try canonical("/%70rivate/x.txt").decoded == "/private/x.txt")
        #expect(try canonical("/PRIV%61te/%2e/x").decoded == "/PRIVate/x")
        #expect(try canonical("//a///b//").decoded == "/a/b/")
        #expect(try canonical("/a\\b%5cc").decoded == "/a/b/c")
        #expect(try canonical("/a/b/..").decoded == "/a/")
        #expect(try canonical("/a/./").decoded == "/a/")
        #expect(try canonical("/").decoded == "/")
        #expect(try canonical("").decoded == "/")
        #expect(try canonical("/a%20b/%C3%A9").decoded == "/a b/é")
        #expect(try canonical("*").decoded == "*")
    }

    @Test func encodesOnlyWhatAPathCannotHold() throws {
        #expect(try canonical("/%70rivate/%7e.txt").encoded == "/private/~.txt")
        #expect(try canonical("/a%20b%3F%23%25").encoded == "/a%20b%3F%23%25")
        #expect(try canonical("/%C3%A9").encoded == "/%C3%A9")
    }

    @Test func refusesWhatCannotBeMadeCanonical() {
        #expect(throws: RequestError.malformedURL("/a%2")) { try canonical("/a%2") }
        #expect(throws: RequestError.malformedURL("/a%zz")) { try canonical("/a%zz") }
        #expect(throws: RequestError.nulInURL("/a%00b")) { try canonical("/a%00b") }
        #expect(throws: RequestError.pathAboveRoot("/../etc/passwd")) { try canonical("/../etc/passwd") }
        #expect(throws: RequestError.pathAboveRoot("/a/%2e%2e/..")) { try canonical("/a/%2e%2e/..") }
    }

    @Test func flagsDoubleEscapingAndHighBitCharacters() throws {
        #expect(try canonical("/a%2570").isDoubleEscaped)
        #expect(try canonical("/a+b").isDoubleEscaped)
        #expect(try canonical("/a%2Bb").isDoubleEscaped)
        #expect(try !canonical("/100%25").isDoubleEscaped, "a lone % after decoding is no escape")
        #expect(try canonical("/%C3%A9").hasHighBitCharacters)
        #expect(try !canonical("/e").hasHighBitCharacters)
    }

    @Test func setURLIsCanonicalAndRefusesWhatCannotBe() {
        let driver = InProcessDriver(pipeline: RequestPipeline(site: SiteInfo(physicalPath: "/srv"), modules: [
            ClosureModule.registration("Rewriter", .beginRequest) { _, context in
                let refused = context.request.setURL("/../x")
                context.request.setURL("/a/./%62//c?q=1")
                context.response.write("\(refused) \(context.request.path) \(context.request.target) \(context.request.canonicalTarget)")
                return .finishRequest
            },
        ]))
        #expect(driver.send(IncomingRequest(target: "/start"))?.bodyText == "false /a/b/c /a/./%62//c?q=1 /a/b/c?q=1")
    }

    static let answer = ClosureModule.registration("Answer", .executeRequestHandler) { _, context in
        context.response.write("served \(context.request.path)")
        return .finishRequest
    }

    /// Each finished request's `status.subStatus`, as the W3C log records them.
    final class SubStatuses: RequestObserver, @unchecked Sendable {
        var all: [String] = []
        func requestCompleted(_ context: HttpContext) { all.append("\(context.response.status).\(context.response.subStatus)") }
    }
    let subStatuses = SubStatuses()

    func send(_ request: IncomingRequest, filtering: RequestFiltering = .default,
              handlers: [HandlerMapping] = []) -> CollectedResponse? {
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/srv"), modules: [Self.answer],
                                       handlers: handlers, requestFiltering: filtering, observers: [subStatuses])
        return InProcessDriver(pipeline: pipeline).send(request)
    }

    @Test func requestFilteringRefusesWithIISSubstatuses() {
        let filtering = RequestFiltering(
            fileExtensions: .init(entries: [(".config", false)]), verbs: .init(entries: [("PUT", false)]),
            hiddenSegments: ["bin"], denyURLSequences: [".."], maxAllowedContentLength: 4, maxURL: 32, maxQueryString: 4)
        let cases: [(IncomingRequest, Int)] = [
            (IncomingRequest(target: "/a/../b"), 5),
            (IncomingRequest(method: "PUT", target: "/a"), 6),
            (IncomingRequest(target: "/web.CONFIG"), 7),
            (IncomingRequest(target: "/web.config/x"), 7),
            (IncomingRequest(target: "/BIN/x.dll"), 8),
            (IncomingRequest(target: "/a%252e"), 11),
            (IncomingRequest(method: "POST", target: "/a", headers: [("Content-Length", "5")], body: Array("12345".utf8)), 13),
            (IncomingRequest(target: "/" + String(repeating: "a", count: 32)), 14),
            (IncomingRequest(target: "/a?12345"), 15),
        ]
        for (request, subStatus) in cases {
            let response = send(request, filtering: filtering)
            #expect(response?.status == 404, "\(request.method) \(request.target)")
            #expect(response?.bodyText.hasPrefix("404 Not Found: ") == true)
            #expect(response?.bodyText.contains("served") == false)
            #expect(subStatuses.all.last == "404.\(subStatus)", "\(request.method) \(request.target)")
        }
        #expect(send(IncomingRequest(target: "/binary/x.txt"), filtering: filtering)?.bodyText == "served /binary/x.txt")
        #expect(send(IncomingRequest(target: "/%C3%A9"), filtering: RequestFiltering(allowHighBitCharacters: false))?.status == 404)
        #expect(send(IncomingRequest(target: "/a%252e"), filtering: RequestFiltering(allowDoubleEscaping: true))?
            .bodyText == "served /a%2e")
    }

    @Test func allowUnlistedFalseJudgesTheLastSegmentOnly() {
        let filtering = RequestFiltering(fileExtensions: .init(allowUnlisted: false, entries: [(".html", true)]))
        #expect(send(IncomingRequest(target: "/dir/page.html"), filtering: filtering)?.bodyText == "served /dir/page.html")
        #expect(send(IncomingRequest(target: "/dir/page.php"), filtering: filtering)?.status == 404)
        #expect(send(IncomingRequest(target: "/dir/"), filtering: filtering)?.status == 404, "'.' is not listed")
    }

    @Test func methodsOutsideHTTPAndTheConfigurationGet501() {
        #expect(send(IncomingRequest(method: "FOO", target: "/a"))?.status == 501)
        #expect(send(IncomingRequest(method: "PROPFIND", target: "/a"))?.bodyText == "served /a")
        let purge = [HandlerMapping(name: "purge", path: "*", verb: "PURGE", modules: ["Answer"])]
        #expect(send(IncomingRequest(method: "PURGE", target: "/a"), handlers: purge)?.bodyText == "served /a")
        let connect = send(IncomingRequest(method: "CONNECT", target: "example.com:443"))
        #expect(connect?.status == 501)
        #expect(connect?.keepAlive == false)
    }

    @Test func aURLChangedByAModuleIsFilteredAgain() {
        let rewriter = ClosureModule.registration("Rewriter", .beginRequest) { _, context in
            context.request.setURL("/bin/secret")
            return .continue
        }
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/srv"), modules: [rewriter, Self.answer],
                                       requestFiltering: RequestFiltering(hiddenSegments: ["bin"]))
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/public"))
        #expect(response?.status == 404)
        #expect(response?.bodyText.contains("hiddenSegments") == true)
    }
}

extension CanonicalPathTests {
    /// The fast path (nothing to decode) and the full one agree: an escaped spelling of each
    /// path takes the full one.
    @Test(arguments: ["/", "/a/b.txt", "/a+b", "/.well-known/x", "/a/b/", "/é", "/a;b=c/@x:y"])
    func theFastPathAgreesWithTheFullOne(_ path: String) throws {
        let fast = try canonical(path)
        let slow = try canonical("/%2E/" + path.dropFirst())
        #expect(fast == slow)
        #expect(fast.decoded == path)
    }
}
