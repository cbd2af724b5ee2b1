import Testing
@testable import Pipeline
import TestSupport

@Suite struct ContextTests {
    func run(_ target: String, method: String = "GET", headers: [(name: String, value: String)] = [],
             body: [UInt8] = [], info: ConnectionInfo = ConnectionInfo(),
             _ check: @escaping @Sendable (HttpContext) -> Void) -> CollectedResponse? {
        let pipeline = makePipeline([recordingModule("Probe", log: EventLog(), notifications: .executeRequestHandler) { _, context in
            check(context)
            return .continue
        }])
        return InProcessDriver(pipeline: pipeline, info: info)
            .send(IncomingRequest(method: method, target: target, headers: headers, body: body))
    }

    @Test func serverVariablesFollowTheIISNames() {
        let info = ConnectionInfo(remoteAddress: "10.1.2.3", remotePort: 5555, localAddress: "127.0.0.1", localPort: 8080)
        _ = run("/dir/a%20b.txt?x=1&y=2", headers: [("Host", "example.test:8080"), ("X-Forwarded-For", "1.1.1.1"), ("Content-Type", "text/plain")], info: info) { c in
            #expect(c.serverVariable("URL") == "/dir/a b.txt")
            #expect(c.serverVariable("QUERY_STRING") == "x=1&y=2")
            #expect(c.serverVariable("HTTP_URL") == "/dir/a%20b.txt?x=1&y=2")
            #expect(c.serverVariable("REQUEST_METHOD") == "GET")
            #expect(c.serverVariable("SERVER_PROTOCOL") == "HTTP/1.1")
            #expect(c.serverVariable("REMOTE_ADDR") == "10.1.2.3")
            #expect(c.serverVariable("REMOTE_PORT") == "5555")
            #expect(c.serverVariable("SERVER_NAME") == "example.test")
            #expect(c.serverVariable("SERVER_PORT") == "8080")
            #expect(c.serverVariable("HTTPS") == "off")
            #expect(c.serverVariable("HTTP_X_FORWARDED_FOR") == "1.1.1.1")
            #expect(c.serverVariable("HEADER_X-Forwarded-For") == "1.1.1.1")
            #expect(c.serverVariable("HTTP_HOST") == "example.test:8080")
            #expect(c.serverVariable("CONTENT_TYPE") == "text/plain")
            #expect(c.serverVariable("ALL_HTTP") == "HTTP_HOST:example.test:8080\nHTTP_X_FORWARDED_FOR:1.1.1.1\nHTTP_CONTENT_TYPE:text/plain\n")
            #expect(c.serverVariable("ALL_RAW") == "Host: example.test:8080\r\nX-Forwarded-For: 1.1.1.1\r\nContent-Type: text/plain\r\n")
            #expect(c.serverVariable("PATH_TRANSLATED") == "/srv/site/dir/a b.txt")
            #expect(c.serverVariable("INSTANCE_ID") == "1")
            #expect(c.serverVariable("AUTH_USER") == "")
            #expect(c.serverVariable("NO_SUCH_VARIABLE") == nil)
            #expect(c.serverVariable("HTTP_MISSING_HEADER") == nil)
            c.setServerVariable("MY_VAR", "set")
            #expect(c.serverVariable("my_var") == "set")
            c.user = HttpUser(name: "alice", authenticationType: "Basic", password: "pw")
            #expect(c.serverVariable("AUTH_USER") == "alice")
            #expect(c.serverVariable("AUTH_TYPE") == "Basic")
        }
    }

    @Test func computedVariablesAreFoundByTheirBytesAsByTheirNames() {
        for (name, variable) in ComputedVariable.byName {
            #expect(ComputedVariable.named(name).map { String(describing: $0) } == String(describing: variable), "\(name)")
        }
        #expect(ComputedVariable.named("url") == nil)
        #expect(ComputedVariable.named("URLS") == nil)
        #expect(ComputedVariable.named("") == nil)
        _ = run("/a?b=1") { c in
            #expect(c.serverVariable("url") == "/a")
            c.setServerVariable("URL", "/shadow")
            #expect(c.serverVariable("URL") == "/shadow")
            #expect(c.serverVariable("QUERY_STRING") == "b=1")
        }
    }

    @Test func requestHeadersAndURLCanBeChanged() {
        _ = run("/old?keep=1", headers: [("Accept", "a"), ("accept", "b")]) { c in
            #expect(c.request.headers["ACCEPT"] == "a")
            #expect(c.request.headers.values("Accept") == ["a", "b"])
            c.request.headers.set("Accept", "c", replace: false)
            #expect(c.request.headers["accept"] == "a, c")
            c.request.headers.set("Accept", "only")
            #expect(c.request.headers.values("Accept") == ["only"])
            c.request.headers.remove("accept")
            #expect(c.request.headers["Accept"] == nil)
            #expect(c.request.setURL("/new%21", resetQueryString: false))
            #expect(c.request.path == "/new!")
            #expect(c.request.query == "keep=1")
            #expect(c.request.urlChanged)
            #expect(!c.request.setURL("/bad%zz"))
            #expect(c.request.path == "/new!")
        }
    }

    @Test func mapPathRaisesMapPathForObservers() {
        let pipeline = makePipeline([
            recordingModule("Mapper", log: EventLog(), notifications: .mapPath) { _, _ in .continue },
            ModuleRegistration(name: "Redirector", factory: ClosureModuleFactory { _ in PathChanger() }, notifications: .mapPath),
            recordingModule("User", log: EventLog(), notifications: .executeRequestHandler) { _, context in
                context.response.write(context.mapPath("/images/a.png"))
                return .continue
            },
        ])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(response?.bodyText == "/mnt/images/images/a.png")
    }

    @Test func readEntityBodyRaisesReadEntityAndHandsOutTheBody() {
        let pipeline = makePipeline([
            ModuleRegistration(name: "Upper", factory: ClosureModuleFactory { _ in Uppercaser() }, notifications: .readEntity),
            recordingModule("Reader", log: EventLog(), notifications: .executeRequestHandler) { _, context in
                var all: [UInt8] = []
                while case let chunk = context.readEntityBody(maxBytes: 3), !chunk.isEmpty { all += chunk }
                context.response.write(all)
                return .continue
            },
        ])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(method: "POST", target: "/", body: Array("hello".utf8)))
        #expect(response?.bodyText == "HELLO")
    }

    @Test func redirectBuildsAnAbsoluteLocationFromTheHost() {
        let response = run("/a?q=1", headers: [("Host", "site.test")]) { c in
            c.response.write("discarded")
            c.response.redirect(to: "/b", status: 301, includeQuery: true)
        }
        #expect(response?.status == 301)
        #expect(response?.header("Location") == "http://site.test/b?q=1")
        #expect(response?.body.isEmpty == true)
    }

    @Test func flushSendsHeadersEarlyAndTheRestFollowsWithoutALength() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("Streamer", log: log, notifications: [.executeRequestHandler, .sendResponse]) { n, c in
                if n == .stage(.executeRequestHandler, isPost: false) {
                    c.response.write("part1,")
                    c.response.flush()
                    #expect(c.responseHeadersSent)
                    c.response.write("part2")
                }
                return .continue
            },
        ])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(response?.bodyText == "part1,part2")
        #expect(response?.head.contentLength == nil)
        #expect(log.all.filter { $0.hasSuffix("SendResponse") }.count == 2)
    }

    @Test func malformedURLEscapesAreRefusedWith400BeforeThePipeline() {
        let log = EventLog()
        let pipeline = makePipeline([recordingModule("M", log: log, notifications: .beginRequest)])
        let driver = InProcessDriver(pipeline: pipeline)
        let response = driver.send(IncomingRequest(target: "/a%G1"))
        #expect(response?.status == 400)
        #expect(response?.keepAlive == false)
        #expect(log.all.isEmpty)
    }
}

final class PathChanger: HttpModule {
    func handle(_ n: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        if case .mapPath(let event) = provider, event.url.hasPrefix("/images/") {
            event.physicalPath = "/mnt/images" + event.url
        }
        return .continue
    }
}

final class Uppercaser: HttpModule {
    func handle(_ n: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        if case .readEntity(let event) = provider {
            event.bytes = event.bytes.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
        }
        return .continue
    }
}
