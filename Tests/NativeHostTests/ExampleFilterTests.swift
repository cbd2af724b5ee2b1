import Pipeline
import TestSupport
import Testing
@testable import NativeHost

/// Each example in Examples/filters, built by the package as a shared object, loaded into a
/// pipeline and driven in-process. (ExampleFilterServerTests drives them over HTTP.)
@Suite struct ExampleFilterTests {
    static func spec(_ target: String) throws -> NativeFilterSpec {
        NativeFilterSpec(path: try NativeFixtures.example(target))
    }

    @Test func requestCounterCountsPerConnection() throws {
        let pipeline = try nativePipeline([try Self.spec("RequestCounterFilter")])
        let driver = InProcessDriver(pipeline: pipeline)
        let counts = (0..<3).map { _ in driver.send(IncomingRequest(target: "/"))?.header("X-Request-Count") }
        #expect(counts == ["1", "2", "3"])
        driver.close()
        #expect(driver.connection.closeGuardFailures.isEmpty)
        #expect(driver.connection.arena.liveBytes == 0, "AllocMem memory is freed after END_OF_NET_SESSION")
        let fresh = InProcessDriver(pipeline: pipeline)
        #expect(fresh.send(IncomingRequest(target: "/"))?.header("X-Request-Count") == "1")
    }

    @Test func responseHeadersAddsItsHeadersOnceAndKeepsExistingOnes() throws {
        let framer = ClosureModule.registration("Framer", .executeRequestHandler) { _, context in
            context.response.headers.set("X-Frame-Options", "DENY")
            context.response.write("ok")
            return .finishRequest
        }
        let pipeline = try nativePipeline([try Self.spec("ResponseHeadersFilter")], modules: [framer])
        let response = try #require(InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/")))
        #expect(response.header("X-Filtered-By") == "ResponseHeadersFilter", "AddResponseHeaders from PREPROC_HEADERS")
        #expect(response.header("X-Content-Type-Options") == "nosniff", "AddHeader in SEND_RESPONSE")
        #expect(response.header("Referrer-Policy") == "no-referrer")
        #expect(response.head.headers.values("X-Frame-Options") == ["DENY"], "GetHeader found the module's value")
        #expect(response.header("Strict-Transport-Security") == nil, "not on a plain connection")
        let secure = InProcessDriver(pipeline: pipeline, info: ConnectionInfo(isSecure: true))
        #expect(secure.send(IncomingRequest(target: "/"))?.header("Strict-Transport-Security") == "max-age=31536000")
    }

    @Test func redirectAnswersWithItsOwnResponseAndKeepsTheConnection() throws {
        let pipeline = try nativePipeline([try Self.spec("RedirectFilter")])
        let driver = InProcessDriver(pipeline: pipeline)
        let moved = try #require(driver.send(IncomingRequest(target: "/old/page.html?x=1")))
        #expect(moved.rawText.hasPrefix("HTTP/1.1 301 Moved Permanently\r\n"))
        #expect(moved.rawText.contains("\r\nLocation: /new/page.html?x=1\r\n"))
        #expect(moved.rawText.hasSuffix("Content-Length: 0\r\n\r\n"))
        #expect(moved.keepAlive, "FINISHED_KEEP_CONN")
        let denied = try #require(driver.send(IncomingRequest(target: "/admin/users")))
        #expect(denied.rawText.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        #expect(denied.rawText.hasSuffix("\r\n\r\nForbidden: the /admin/ area is closed on this server.\r\n"))
        #expect(denied.keepAlive)
        let passed = try #require(driver.send(IncomingRequest(target: "/index.html")))
        #expect(passed.status == 200 && passed.bodyText == "/index.html -> /srv/site/index.html")
        let long = "/old/" + String(repeating: "x", count: 300)
        #expect(driver.send(IncomingRequest(target: long))?.status == 200, "longer than MAX_PATH: not redirected")
    }

    @Test func basicAuthMapsGoodCredentialsAndChallengesTheRest() throws {
        let pipeline = try nativePipeline([try Self.spec("BasicAuthFilter")], modules: [denyAnonymous(), echoHandler()])
        let driver = InProcessDriver(pipeline: pipeline)
        // "alice:wonderland"
        let good = try #require(driver.send(IncomingRequest(target: "/private/report",
                                                             headers: [("Authorization", "Basic YWxpY2U6d29uZGVybGFuZA==")])))
        #expect(good.status == 200)
        #expect(good.bodyText == "/private/report -> /srv/site/private/report as EXAMPLE\\alice user=EXAMPLE\\alice")
        // "alice:wrong"
        let bad = try #require(driver.send(IncomingRequest(target: "/private/report",
                                                            headers: [("Authorization", "Basic YWxpY2U6d3Jvbmc=")])))
        #expect(bad.status == 401)
        #expect(bad.header("WWW-Authenticate") == "Basic realm=\"isapi-bridge example\"", "ADD_HEADERS_ON_DENIAL from ACCESS_DENIED")
        #expect(bad.header("X-Denial-Reason") == "0x\(String(AccessDeniedReason.application.rawValue, radix: 16))")
        let anonymous = try #require(driver.send(IncomingRequest(target: "/private/report")))
        #expect(anonymous.status == 401 && anonymous.header("WWW-Authenticate") != nil)
        let spoofed = try #require(driver.send(IncomingRequest(target: "/public", headers: [("X-Authenticated-User", "admin")])))
        #expect(spoofed.bodyText == "/public -> /srv/site/public", "the client's X-Authenticated-User is deleted")
    }

    @Test func logRewriteEditsTheEntry() throws {
        let entries = LogEntries()
        let notModified = ClosureModule.registration("NotModified", .executeRequestHandler) { _, context in
            if context.request.path == "/cached" {
                context.response.setStatus(304)
                return .finishRequest
            }
            context.response.write("body")
            return .finishRequest
        }
        let pipeline = try nativePipeline([try Self.spec("LogRewriteFilter")], modules: [notModified, entries.registration()])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/login?user=alice&password=hunter2&next=/home&token=abc"))
        driver.send(IncomingRequest(target: "/cached"))
        driver.send(IncomingRequest(target: "/plain?q=1"))
        let all = entries.all
        try #require(all.count == 3)
        #expect(all[0].user == "anonymous")
        #expect(all[0].parameters == "user=alice&password=***&next=/home&token=***")
        #expect(all[0].bytesSent > 0)
        #expect(all[1].status == 304 && all[1].bytesSent == 0)
        #expect(all[2].parameters == "q=1", "nothing secret: the original pointer is kept")
    }
}
