import Foundation
import Pipeline
import Rewrite
import TestSupport
import Testing

/// The filter in a pipeline, through `InProcessDriver` (no sockets).
@Suite struct RewriteFilterTests {
    @Test func aRewriteChangesWhatTheHandlerSeesAndMaps() throws {
        let (pipeline, _, _) = try rewriteSite(rules: "RewriteRule ^/old/(.*)$ /new/$1 [L]\n", dialect: .iirf)
        let driver = InProcessDriver(pipeline: pipeline)
        let response = driver.send(get("/old/page.html?x=1"))
        #expect(response?.status == 200)
        #expect(response?.bodyText == "/new/page.html|x=1|/new/page.html|/srv/site/new/page.html|-")
        #expect(driver.send(get("/other"))?.bodyText == "/other||/other|/srv/site/other|-")
    }

    @Test func modRewriteDecodesThePathAndKeepsTheQuery() throws {
        let rules = "RewriteEngine On\nRewriteRule ^/files/(.*)$ /store/$1\n"
        let (pipeline, _, _) = try rewriteSite(rules: rules, dialect: .modRewrite)
        let response = InProcessDriver(pipeline: pipeline).send(get("/files/a%20b.txt?v=2"))
        #expect(response?.bodyText == "/store/a b.txt|v=2|/store/a b.txt|/srv/site/store/a b.txt|-")
    }

    @Test func aRedirectHasTheStatusAndAnAbsoluteLocation() throws {
        let rules = "RedirectRule ^/moved$ /elsewhere [R=301]\nRedirectRule ^/away$ http://other.test/x\n"
        let (pipeline, _, _) = try rewriteSite(rules: rules, dialect: .iirf)
        let driver = InProcessDriver(pipeline: pipeline)
        let moved = try #require(driver.send(get("/moved")))
        #expect(moved.rawText.hasPrefix("HTTP/1.1 301 Moved Permanently\r\n"))
        #expect(moved.rawText.contains("\r\nLocation: http://example.test/elsewhere\r\n"))
        #expect(moved.rawText.contains("\r\nContent-Length: 0\r\n"))
        #expect(moved.keepAlive, "FINISHED_KEEP_CONN")
        let away = try #require(driver.send(get("/away")))
        #expect(away.rawText.hasPrefix("HTTP/1.1 302 Found\r\n"))
        #expect(away.rawText.contains("\r\nLocation: http://other.test/x\r\n"))

        let port = InProcessDriver(pipeline: pipeline, info: ConnectionInfo(localPort: 8080)).send(get("/moved", host: "example.test:8080"))
        #expect(port?.rawText.contains("\r\nLocation: http://example.test:8080/elsewhere\r\n") == true)
        let secure = InProcessDriver(pipeline: pipeline, info: ConnectionInfo(localPort: 443, isSecure: true)).send(get("/moved"))
        #expect(secure?.rawText.contains("\r\nLocation: https://example.test/elsewhere\r\n") == true)
    }

    @Test func forbiddenNotFoundAndGoneAnswerWithoutTheHandler() throws {
        let rules = "RewriteRule ^/secret - [F]\nRewriteRule ^/missing - [NF]\nRewriteRule ^/old - [G]\n"
        let (pipeline, _, _) = try rewriteSite(rules: rules, dialect: .iirf)
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(get("/secret"))?.rawText.hasPrefix("HTTP/1.1 403 Forbidden\r\n") == true)
        #expect(driver.send(get("/missing"))?.rawText.hasPrefix("HTTP/1.1 404 Not Found\r\n") == true)
        let gone = driver.send(get("/old"))
        #expect(gone?.rawText.hasPrefix("HTTP/1.1 410 Gone\r\n") == true)
        #expect(gone?.rawText.contains("/old|") == false, "the handler did not run")
        #expect(driver.send(get("/fine"))?.status == 200)
    }

    @Test func aLoopAnswers500AndIsLogged() throws {
        let log = CapturedLog()
        let rules = "RewriteEngine On\nRewriteRule ^/(.*)$ /$1 [N]\n"
        let (pipeline, _, file) = try rewriteSite(rules: rules, dialect: .modRewrite, logger: log.logger())
        let response = InProcessDriver(pipeline: pipeline).send(get("/spin"))
        #expect(response?.rawText.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n") == true)
        #expect(log.lines.contains { $0.hasPrefix("error:") && $0.contains("loop limit") && $0.contains("'/spin'") && $0.contains(file.path) })
    }

    @Test func recordOriginalURLSetsXRewriteUrlAndTheLogTarget() throws {
        let probe = LogProbe()
        let (pipeline, _, _) = try rewriteSite(rules: "RewriteRule ^/pretty/(.*)$ /app.aspx?id=$1 [U,L]\n", dialect: .iirf,
                                               extraFilters: [probe])
        let driver = InProcessDriver(pipeline: pipeline)
        // First a request with nothing to record, on the same connection as the one that records:
        // its LOG must not borrow a record, nor the next request lose its own.
        driver.send(get("/plain?q=0"))
        let response = driver.send(get("/pretty/42"))
        #expect(response?.bodyText == "/app.aspx|id=42|/app.aspx|/srv/site/app.aspx|/pretty/42")
        driver.send(get("/plain?q=1"))
        #expect(probe.targets.withLock { $0 } == ["GET /plain?q=0", "GET /pretty/42?", "GET /plain?q=1"])
    }

    @Test func forcedTypeSetsTheResponseContentType() throws {
        let rules = "RewriteEngine On\nRewriteRule \\.data$ - [T=application/json]\n"
        let (pipeline, _, _) = try rewriteSite(rules: rules, dialect: .modRewrite)
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(get("/y.txt"))?.header("Content-Type") == "text/plain", "no rule matched: the handler's type")
        #expect(driver.send(get("/x.data"))?.header("Content-Type") == "application/json")
        #expect(driver.send(get("/x.txt"))?.header("Content-Type") == "text/plain", "only for the request the rule matched")
    }

    @Test func tenThousandRewrittenRequestsKeepTheConnectionArenaFlat() throws {
        let rules = "RewriteRule ^/item/(\\d+)$ /items.aspx?id=$1 [U,L]\n"
        let (pipeline, _, _) = try rewriteSite(rules: rules, dialect: .iirf)
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(get("/item/0"))?.bodyText.hasPrefix("/items.aspx|id=0|") == true)
        let afterFirst = driver.connection.arena.liveBytes
        for index in 1...10_000 {
            let response = driver.send(get("/item/\(index)"))
            if response?.status != 200 {
                Issue.record("request \(index) failed")
                break
            }
        }
        #expect(driver.connection.arena.liveBytes == afterFirst)
        #expect(afterFirst == 0, "the filter keeps per-request state in the request arena, not AllocMem")
        #expect(driver.connection.completedRequests == 10_001)
    }

    @Test func anEditedRulesFileTakesEffectWithoutARestart() throws {
        let (pipeline, filter, file) = try rewriteSite(rules: "RewriteRule ^/a$ /one [L]\n", dialect: .iirf, checkInterval: .zero)
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(get("/a"))?.bodyText.hasPrefix("/one|") == true)
        let before = filter.rules.current()
        try "RewriteRule ^/a$ /two-after-edit [L]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(driver.send(get("/a"))?.bodyText.hasPrefix("/two-after-edit|") == true)
        #expect(filter.rules.generation == 2)
        // A request that started with the old rules still evaluates with them.
        let evaluator = RewriteEvaluator()
        let environment = TestEnvironment()
        #expect(evaluator.evaluate(before, request: RewriteRequest(target: "/a", decodeURL: false), environment: environment) == .rewritten)
        #expect(evaluator.resultURL == "/one")
    }

    @Test func aBrokenRulesFileNeverStopsTheSite() throws {
        let log = CapturedLog()
        let rules = "RewriteRule ^/(broken$ /x\nRewriteCond\nRewriteRule ^/a$ /b\nRewriteRule ^/c$ /d [L]\nBogusDirective 1\n"
        let (pipeline, _, _) = try rewriteSite(rules: rules, dialect: .iirf, logger: log.logger())
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(get("/c"))?.bodyText.hasPrefix("/d|") == true)
        #expect(driver.send(get("/a"))?.bodyText.hasPrefix("/a|") == true, "the rule after the broken condition was dropped")
        #expect(log.lines.filter { $0.hasPrefix("warning:") }.count == 4)
        let missing = RewriteFilter(rulesFile: "/nonexistent/IIRF.ini", dialect: .iirf, logger: log.logger())
        let site = RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: [EchoModule.registration()],
                                   filters: try FilterChain([try FilterRegistration(name: "Rewrite", filter: missing)]))
        #expect(InProcessDriver(pipeline: site).send(get("/x"))?.status == 200)
    }
}
