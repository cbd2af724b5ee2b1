import TestSupport
import Testing
@testable import Rewrite

/// mod_rewrite (server context) rule flags, table-driven. Expected values follow httpd 2.4's
/// mod_rewrite.c; the comments say which part of it decides.
@Suite struct ModRewriteFlagTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rules: String
        let url: String
        let decision: RewriteDecision
        let result: String
        var testDescription: String { "\(rules.replacingOccurrences("\n", "; ")) | \(url)" }
    }

    static let cases: [Case] = [
        // Plain rewrite; the query string passes through when the substitution has none.
        Case(rules: "RewriteRule ^/old/(.*)$ /new/$1", url: "/old/a?x=1", decision: .rewritten, result: "/new/a?x=1"),
        // A sequential pass: the next rule sees the rewritten URL.
        Case(rules: "RewriteRule ^/a$ /b\nRewriteRule ^/b$ /c", url: "/a", decision: .rewritten, result: "/c"),
        // [L] stops.
        Case(rules: "RewriteRule ^/a$ /b [L]\nRewriteRule ^/b$ /c", url: "/a", decision: .rewritten, result: "/b"),
        // [END] stops too.
        Case(rules: "RewriteRule ^/a$ /b [END]\nRewriteRule ^/b$ /c", url: "/a", decision: .rewritten, result: "/b"),
        // [PT] ends the pass (server context: the URL is handed on).
        Case(rules: "RewriteRule ^/a$ /b [PT]\nRewriteRule ^/b$ /c", url: "/a", decision: .rewritten, result: "/b"),
        // [N] starts again from the first rule until nothing matches.
        Case(rules: "RewriteRule ^/(.*)x(.*)$ /$1y$2 [N]", url: "/axbxc", decision: .rewritten, result: "/aybyc"),
        // [N] that never stops ends at the round limit (10000, or N=n): 500.
        Case(rules: "RewriteRule ^/(.*)$ /$1 [N]", url: "/loop", decision: .loopLimitExceeded, result: ""),
        Case(rules: "RewriteRule ^/(.*)$ /$1 [N=5]", url: "/loop", decision: .loopLimitExceeded, result: ""),
        // A URL that keeps growing is stopped at twice LimitRequestLine (16380 bytes).
        Case(rules: "RewriteRule ^/(.*)$ /aaaaaaaaaa$1 [N=100000]", url: "/grow", decision: .loopLimitExceeded, result: ""),
        // [C]: when a chained rule does not match, the rules chained to it are skipped.
        Case(rules: "RewriteRule ^/a(.*)$ /a$1 [C]\nRewriteRule ^(.*)$ /chained$1", url: "/z", decision: .unchanged, result: ""),
        Case(rules: "RewriteRule ^/a(.*)$ /a$1 [C]\nRewriteRule ^(.*)$ /chained$1", url: "/a1", decision: .rewritten, result: "/chained/a1"),
        // [S=n] skips the next n rules when the rule matches.
        Case(rules: "RewriteRule ^/s$ - [S=1]\nRewriteRule ^(.*)$ /skipped$1\nRewriteRule ^/s$ /after", url: "/s",
             decision: .rewritten, result: "/after"),
        Case(rules: "RewriteRule ^/s$ - [S=1]\nRewriteRule ^(.*)$ /skipped$1\nRewriteRule ^/s$ /after", url: "/t",
             decision: .rewritten, result: "/skipped/t"),
        // [F], [G], and [R] with a status that is not a redirect answer with that status.
        Case(rules: "RewriteRule ^/secret - [F]", url: "/secret", decision: .respond(status: 403), result: ""),
        Case(rules: "RewriteRule ^/old - [G]", url: "/old", decision: .respond(status: 410), result: ""),
        Case(rules: "RewriteRule ^/x /y [R=404]", url: "/x", decision: .respond(status: 404), result: ""),
        // [R]: qualified with this server's scheme, name and port; 302 unless R=code.
        Case(rules: "RewriteRule ^/a$ /b [R]", url: "/a", decision: .redirect(status: 302), result: "http://example.test/b"),
        Case(rules: "RewriteRule ^/a$ /b [R=301,L]", url: "/a", decision: .redirect(status: 301), result: "http://example.test/b"),
        Case(rules: "RewriteRule ^/a$ /b [R=permanent]", url: "/a", decision: .redirect(status: 301), result: "http://example.test/b"),
        Case(rules: "RewriteRule ^/a$ /b [R=seeother]", url: "/a", decision: .redirect(status: 303), result: "http://example.test/b"),
        Case(rules: "RewriteRule ^/a$ b [R]", url: "/a", decision: .redirect(status: 302), result: "http://example.test/b"),
        // [R] without [L] goes on; the last result decides, with the last status set.
        Case(rules: "RewriteRule ^/a$ /b [R=301]\nRewriteRule ^http://example\\.test/b$ http://other.test/c", url: "/a",
             decision: .redirect(status: 302), result: "http://other.test/c"),
        // An absolute substitution redirects by itself (302) ...
        Case(rules: "RewriteRule ^/a$ http://other.test/x", url: "/a", decision: .redirect(status: 302), result: "http://other.test/x"),
        // ... unless it names this server: then it is reduced to a local path.
        Case(rules: "RewriteRule ^/a$ http://example.test/local", url: "/a", decision: .rewritten, result: "/local"),
        // [P] proxies.
        Case(rules: "RewriteRule ^/p/(.*)$ http://backend.test/$1 [P]", url: "/p/x?q=1", decision: .proxy, result: "http://backend.test/x?q=1"),
        // [NC].
        Case(rules: "RewriteRule ^/ABC$ /x [NC]", url: "/abc", decision: .rewritten, result: "/x"),
        Case(rules: "RewriteRule ^/ABC$ /x", url: "/abc", decision: .unchanged, result: ""),
        // A negated pattern applies when it does not match; $0 is then empty.
        Case(rules: "RewriteRule !^/keep /other$0", url: "/x", decision: .rewritten, result: "/other"),
        Case(rules: "RewriteRule !^/keep /other$0", url: "/keep", decision: .unchanged, result: ""),
        // '-' keeps the URL; a relative local result gets a leading '/' (httpd 2.4.71, observed).
        Case(rules: "RewriteRule ^/a$ - [L]\nRewriteRule ^/a$ /b", url: "/a", decision: .unchanged, result: ""),
        Case(rules: "RewriteRule ^/a$ b", url: "/a", decision: .rewritten, result: "/b"),
        // Backslash escapes; %N is a condition back-reference even when it looks like an escape.
        Case(rules: "RewriteRule ^/a$ /\\$1", url: "/a", decision: .rewritten, result: "/$1"),
        Case(rules: "RewriteRule ^/a$ /b%20c", url: "/a", decision: .rewritten, result: "/b0c"),
    ]

    @Test(arguments: cases)
    func flag(_ testCase: Case) {
        let (decision, result) = evaluate(modRewrite(testCase.rules), testCase.url)
        #expect(decision == testCase.decision)
        if testCase.decision != .unchanged && !testCase.result.isEmpty { #expect(result == testCase.result) }
    }

    @Test func redirectsKeepNonDefaultPortsAndUseHTTPS() {
        let rules = modRewrite("RewriteRule ^/a$ /b [R]")
        #expect(evaluate(rules, "/a", TestEnvironment(port: 8080)).1 == "http://example.test:8080/b")
        #expect(evaluate(rules, "/a", TestEnvironment(https: true)).1 == "https://example.test/b")
        #expect(evaluate(rules, "/a", TestEnvironment(https: true, port: 8443)).1 == "https://example.test:8443/b")
        let reduce = modRewrite("RewriteRule ^/a$ http://example.test:8080/local")
        #expect(evaluate(reduce, "/a", TestEnvironment(port: 8080)) == (.rewritten, "/local"))
        #expect(evaluate(reduce, "/a", TestEnvironment()).0 == .redirect(status: 302))
    }

    @Test func forcedTypeAndEnvironmentVariables() {
        let evaluator = RewriteEvaluator()
        let typed = modRewrite("RewriteRule \\.data$ - [T=Application/JSON]")
        #expect(evaluator.evaluate(typed, request: RewriteRequest(target: "/x.data", decodeURL: false), environment: TestEnvironment()) == .unchanged)
        #expect(evaluator.forcedContentType == "application/json")
        // $N in T= refers to the URL the rule matched, not the one it produced.
        let fromCapture = modRewrite("RewriteRule ^/f/(\\w+)$ /files/x [T=text/$1]")
        #expect(evaluator.evaluate(fromCapture, request: RewriteRequest(target: "/f/css", decodeURL: false), environment: TestEnvironment()) == .rewritten)
        #expect(evaluator.forcedContentType == "text/css")

        let environment = modRewrite("""
            RewriteRule ^/a$ - [E=FOO:bar,E=OTHER:$0]
            RewriteCond %{ENV:FOO} ^bar$
            RewriteRule ^/a$ /b [E=!OTHER]
            """)
        #expect(evaluator.evaluate(environment, request: RewriteRequest(target: "/a", decodeURL: false), environment: TestEnvironment()) == .rewritten)
        #expect(evaluator.resultURL == "/b")
        #expect(evaluator.environmentAssignments.map(\.name) == ["FOO", "OTHER", "OTHER"])
        #expect(evaluator.environmentAssignments.map(\.value) == ["bar", "/a", nil])
    }

    @Test func unknownFlagsAndBadPatternsDropTheRuleWithFileAndLine() {
        let rules = modRewrite("""
            RewriteRule ^/a$ /b [XYZ]
            RewriteRule ^/(a$ /b
            RewriteCond %{REQUEST_URI} -U
            RewriteRule ^/c$ /d
            RewriteRule ^/e$ /f [L] extra
            RewriteRule ^/g$ /h [L
            RewriteRule ^/ok$ /fine
            """, file: "/etc/site/rewrite.conf")
        // Line 1 is the RewriteEngine On the helper adds; `[L] extra` loads (httpd ignores what
        // follows the flags), `[L` does not.
        #expect(rules.ruleCount == 2)
        #expect(rules.warnings.map(\.line) == [2, 3, 4, 5, 7])
        #expect(rules.warnings.allSatisfy { $0.file == "/etc/site/rewrite.conf" })
        #expect(rules.warnings[0].message.contains("unknown flag 'XYZ'"))
        #expect(rules.warnings[1].message.contains("cannot compile"))
        #expect(evaluate(rules, "/ok") == (.rewritten, "/fine"))
    }

    @Test func theEngineIsOffUntilRewriteEngineOn() {
        let off = RuleSet.parse("RewriteRule ^/a$ /b", dialect: .modRewrite)
        #expect(evaluate(off, "/a").0 == .unchanged)
        let on = RuleSet.parse("RewriteEngine on\nRewriteRule ^/a$ /b", dialect: .modRewrite)
        #expect(evaluate(on, "/a") == (.rewritten, "/b"))
    }
}
