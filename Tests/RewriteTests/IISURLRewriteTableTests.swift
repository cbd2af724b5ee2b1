import TestSupport
import Testing
@testable import Rewrite

/// IIS URL Rewrite rules, table-driven. Each case says where it comes from: the module's
/// configuration reference ("Reference" = learn.microsoft.com/iis/extensions/url-rewrite-module/
/// url-rewrite-module-configuration-reference), its rule templates and walkthroughs, or
/// Ruslan Yakushev's "10 URL Rewriting Tips and Tricks" (ruslany.net, 2009), restated as rules here.
@Suite struct IISURLRewriteTableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: String
        let rules: [IISRuleDefinition]
        var maps: [IISRewriteMapDefinition] = []
        var base = "/"
        let url: String
        var host = "example.test"
        var https = false
        var files: [String: FileKind] = [:]
        let decision: RewriteDecision
        let result: String
        var testDescription: String { "\(source) | \(url)" }
    }

    static func rule(_ url: String, _ action: IISRuleDefinition.ActionType = .rewrite, to target: String = "",
                     _ configure: (inout IISRuleDefinition) -> Void = { _ in }) -> IISRuleDefinition {
        var rule = IISRuleDefinition(name: "r\(url.hashValue & 0xFFFF)-\(target)", url: url)
        rule.action = action
        rule.actionURL = target
        configure(&rule)
        return rule
    }

    static func condition(_ input: String, _ pattern: String = "", type: IISRuleDefinition.Condition.MatchType = .pattern,
                          negate: Bool = false, ignoreCase: Bool = true) -> IISRuleDefinition.Condition {
        .init(input: input, matchType: type, pattern: pattern, ignoreCase: ignoreCase, negate: negate)
    }

    static let canonicalHost = rule("(.*)", .redirect, to: "http://www.example.test/{R:1}") {
        $0.conditions = [condition("{HTTP_HOST}", "^www\\.example\\.test$", negate: true)]
    }
    static let httpsRedirect = rule("(.*)", .redirect, to: "https://{HTTP_HOST}/{R:1}") {
        $0.conditions = [condition("{HTTPS}", "off")]
        $0.redirectStatus = 302
    }
    static let trailingSlash = rule("(.*[^/])$", .redirect, to: "{R:1}/") {
        $0.conditions = [condition("{REQUEST_FILENAME}", type: .isFile, negate: true),
                         condition("{REQUEST_FILENAME}", type: .isDirectory, negate: true)]
    }
    static let lowerCase = rule(".*[A-Z].*", .redirect, to: "{ToLower:{R:0}}") { $0.ignoreCase = false }
    static let friendly = rule("^article/([0-9]+)/([_0-9a-z-]+)", to: "article.aspx?id={R:1}&title={R:2}")
    static let mapRule = rule(".*", to: "{C:1}") {
        $0.conditions = [condition("{StaticRewrites:{REQUEST_URI}}", "(.+)")]
        $0.stopProcessing = true
    }
    static let staticRewrites = IISRewriteMapDefinition(name: "StaticRewrites", entries: [
        ("/article1", "/article.aspx?id=1&title=some-title"), ("/some-title", "/article.aspx?id=1&title=some-title"),
    ])
    static let reverseProxy = rule("^app/(.*)", to: "http://backend.internal:8080/{R:1}")

    static let cases: [Case] = [
        // Tips and Tricks #1 / the "Canonical domain name" template: another host redirects (301) to the canonical one.
        Case(source: "canonical host", rules: [canonicalHost], url: "/page.aspx?x=1", decision: .redirect(status: 301),
             result: "http://www.example.test/page.aspx?x=1"),
        Case(source: "canonical host", rules: [canonicalHost], url: "/page.aspx", host: "www.example.test",
             decision: .unchanged, result: ""),
        // HTTP to HTTPS (Reference, "Accessing server variables"; published redirect rule).
        Case(source: "HTTPS redirect", rules: [httpsRedirect], url: "/secure/a?b=c", decision: .redirect(status: 302),
             result: "https://example.test/secure/a?b=c"),
        Case(source: "HTTPS redirect", rules: [httpsRedirect], url: "/secure/a", https: true, decision: .unchanged, result: ""),
        // Tips and Tricks #2 / "Append or remove the trailing slash" template: not a file, not a directory.
        Case(source: "trailing slash", rules: [trailingSlash], url: "/about", decision: .redirect(status: 301), result: "/about/"),
        Case(source: "trailing slash", rules: [trailingSlash], url: "/about/", decision: .unchanged, result: ""),
        Case(source: "trailing slash", rules: [trailingSlash], url: "/logo.png", files: ["/srv/site/logo.png": .regularFile(size: 1, executable: false)],
             decision: .unchanged, result: ""),
        // Tips and Tricks #3 / "Enforce lowercase URLs" template: {ToLower:} with a case-sensitive pattern.
        Case(source: "lower-case", rules: [lowerCase], url: "/About/Us", decision: .redirect(status: 301), result: "/about/us"),
        Case(source: "lower-case", rules: [lowerCase], url: "/about/us", decision: .unchanged, result: ""),
        // "Creating rewrite rules" walkthrough: a user-friendly URL onto the query string.
        Case(source: "user-friendly URL", rules: [friendly], url: "/article/234/some-title", decision: .rewritten,
             result: "/article.aspx?id=234&title=some-title"),
        // "Using rewrite maps" walkthrough: a map keyed on {REQUEST_URI}, the value via {C:1}.
        Case(source: "rewrite map", rules: [mapRule], maps: [staticRewrites], url: "/article1", decision: .rewritten,
             result: "/article.aspx?id=1&title=some-title"),
        // Map keys ignore case by default (rewriteMap ignoreCase="true").
        Case(source: "rewrite map", rules: [mapRule], maps: [staticRewrites], url: "/Some-Title", decision: .rewritten,
             result: "/article.aspx?id=1&title=some-title"),
        Case(source: "rewrite map", rules: [mapRule], maps: [staticRewrites], url: "/other", decision: .unchanged, result: ""),
        // ARR reverse proxy walkthrough: Rewrite to http://... needs a proxy (the filter answers 502).
        Case(source: "reverse proxy", rules: [reverseProxy], url: "/app/x?y=1", decision: .proxy,
             result: "http://backend.internal:8080/x?y=1"),
        // Reference, "Rule pattern": the subject has no leading slash and no query string.
        Case(source: "no leading slash", rules: [rule("^/a$", to: "/b")], url: "/a", decision: .unchanged, result: ""),
        Case(source: "no query in subject", rules: [rule("x=1", to: "/b")], url: "/a?x=1", decision: .unchanged, result: ""),
        Case(source: "query via {QUERY_STRING}", rules: [rule("^a$", to: "/b?q={C:1}") {
                 $0.conditions = [condition("{QUERY_STRING}", "x=([0-9]+)")]
                 $0.appendQueryString = false
             }], url: "/a?x=42", decision: .rewritten, result: "/b?q=42"),
        // Reference, "Rule actions": appendQueryString (default true) keeps the original query.
        Case(source: "appendQueryString", rules: [rule("^a$", to: "b?n=1")], url: "/a?o=2", decision: .rewritten, result: "/b?n=1&o=2"),
        Case(source: "appendQueryString false", rules: [rule("^a$", to: "b") { $0.appendQueryString = false }], url: "/a?o=2",
             decision: .rewritten, result: "/b"),
        // Reference: rules run in order, each seeing the URL the previous rewrite made; stopProcessing ends the pass.
        Case(source: "sequential", rules: [rule("^a$", to: "b"), rule("^b$", to: "c")], url: "/a", decision: .rewritten, result: "/c"),
        Case(source: "stopProcessing", rules: [rule("^a$", to: "b") { $0.stopProcessing = true }, rule("^b$", to: "c")], url: "/a",
             decision: .rewritten, result: "/b"),
        // Reference: ignoreCase defaults to true; negate inverts the match.
        Case(source: "ignoreCase default", rules: [rule("^abc$", to: "x")], url: "/ABC", decision: .rewritten, result: "/x"),
        Case(source: "ignoreCase false", rules: [rule("^abc$", to: "x") { $0.ignoreCase = false }], url: "/ABC",
             decision: .unchanged, result: ""),
        Case(source: "negate", rules: [rule("^keep/", to: "other") { $0.negate = true; $0.stopProcessing = true }], url: "/x",
             decision: .rewritten, result: "/other"),
        // Reference, "Conditions": MatchAny holds when one condition does.
        Case(source: "MatchAny", rules: [rule(".*", .customResponse) {
                 $0.matchAny = true
                 $0.conditions = [condition("{HTTP_HOST}", "^nope$"), condition("{QUERY_STRING}", "bad")]
                 $0.statusCode = 403
             }], url: "/a?bad", decision: .respond(status: 403), result: ""),
        Case(source: "MatchAll", rules: [rule(".*", .customResponse) {
                 $0.conditions = [condition("{HTTP_HOST}", "^nope$"), condition("{QUERY_STRING}", "bad")]
                 $0.statusCode = 403
             }], url: "/a?bad", decision: .unchanged, result: ""),
        // URL Rewrite 2.0 reference, trackAllCaptures: the groups of every condition, in order.
        Case(source: "trackAllCaptures", rules: [rule(".*", to: "/p/{C:1}/{C:2}") {
                 $0.trackAllCaptures = true
                 $0.appendQueryString = false
                 $0.conditions = [condition("{HTTP_HOST}", "^([a-z]+)\\."), condition("{QUERY_STRING}", "id=([0-9]+)")]
             }], url: "/x?id=7", decision: .rewritten, result: "/p/example/7"),
        Case(source: "last condition only", rules: [rule(".*", to: "/p/{C:1}") {
                 $0.appendQueryString = false
                 $0.conditions = [condition("{HTTP_HOST}", "^([a-z]+)\\."), condition("{QUERY_STRING}", "id=([0-9]+)")]
             }], url: "/x?id=7", decision: .rewritten, result: "/p/7"),
        // Reference, "Wildcard syntax": each * is a back-reference; ? is one character and is not.
        Case(source: "wildcard", rules: [rule("*/*.html", to: "show.aspx?a={R:1}&b={R:2}") { $0.patternSyntax = .wildcard }],
             url: "/contoso/test.html", decision: .rewritten, result: "/show.aspx?a=contoso&b=test"),
        Case(source: "wildcard ?", rules: [rule("page?.htm", to: "p{R:1}") { $0.patternSyntax = .wildcard }],
             url: "/page1.htm", decision: .rewritten, result: "/p"),
        Case(source: "ExactMatch", rules: [rule("old.aspx", to: "new.aspx") { $0.patternSyntax = .exactMatch }], url: "/old.aspx",
             decision: .rewritten, result: "/new.aspx"),
        Case(source: "ExactMatch", rules: [rule("old.aspx", to: "new.aspx") { $0.patternSyntax = .exactMatch }], url: "/oldXaspx",
             decision: .unchanged, result: ""),
        // ECMAScript: $ is the very end (no match before a trailing newline); \d is ASCII only.
        Case(source: "ECMAScript $", rules: [rule("^a$", to: "b")], url: "/a%0A", decision: .unchanged, result: ""),
        Case(source: "ECMAScript \\d", rules: [rule("^\\d+$", to: "n")], url: "/%D9%A3", decision: .unchanged, result: ""),
        // Reference, "Rule actions": Redirect types and CustomResponse / AbortRequest.
        Case(source: "redirectType Found", rules: [rule("^a$", .redirect, to: "/b") { $0.redirectStatus = 302 }], url: "/a",
             decision: .redirect(status: 302), result: "/b"),
        Case(source: "redirectType Temporary", rules: [rule("^a$", .redirect, to: "/b") { $0.redirectStatus = 307 }], url: "/a",
             decision: .redirect(status: 307), result: "/b"),
        Case(source: "AbortRequest", rules: [rule("^bot", .abortRequest)], url: "/bot/x", decision: .abortRequest, result: ""),
        Case(source: "None action", rules: [rule("^a$", .none), rule("^a$", to: "c")], url: "/a", decision: .rewritten, result: "/c"),
        // Functions (Reference, "String functions").
        Case(source: "UrlEncode", rules: [rule("^s/(.*)$", to: "/q?t={UrlEncode:{R:1}}") { $0.appendQueryString = false }],
             url: "/s/a%20b&c", decision: .rewritten, result: "/q?t=a+b%26c"),
        Case(source: "EscapeDataString", rules: [rule("^s/(.*)$", to: "/q?t={EscapeDataString:{R:1}}") { $0.appendQueryString = false }],
             url: "/s/a%20b&c", decision: .rewritten, result: "/q?t=a%20b%26c"),
        Case(source: "UrlDecode", rules: [rule("^s$", to: "/q/{UrlDecode:{C:1}}") {
                 $0.appendQueryString = false
                 $0.conditions = [condition("{QUERY_STRING}", "t=(.*)")]
             }], url: "/s?t=a%2Db", decision: .rewritten, result: "/q/a-b"),
        // Reference, "Rule pattern": in a web.config below the root, the path relative to it is matched,
        // and a relative substitution stays in that directory.
        Case(source: "directory-relative", rules: [rule("^page/([0-9]+)$", to: "show.aspx?id={R:1}")], base: "/app/",
             url: "/app/page/5", decision: .rewritten, result: "/app/show.aspx?id=5"),
        Case(source: "directory-relative", rules: [rule("^page/([0-9]+)$", to: "show.aspx?id={R:1}")], base: "/app/",
             url: "/page/5", decision: .unchanged, result: ""),
        Case(source: "directory-relative, any case", rules: [rule("^page$", to: "/root.htm")], base: "/app/",
             url: "/APP/page", decision: .rewritten, result: "/root.htm"),
        // A substitution equal to the URL is no rewrite.
        Case(source: "same URL", rules: [rule("^(.*)$", to: "{R:1}")], url: "/same?q", decision: .unchanged, result: ""),
    ]

    @Test(arguments: cases)
    func rewrites(_ test: Case) {
        let rules = RuleSet.compileIIS([IISRuleScope(virtualDirectory: test.base, rules: test.rules, maps: test.maps, file: "web.config")])
        #expect(rules.warnings.isEmpty, "\(rules.warnings)")
        let environment = TestEnvironment(host: test.host, https: test.https)
        environment.variables["REQUEST_FILENAME"] = "/srv/site" + (test.url.split(separator: "?").first.map(String.init) ?? "")
        environment.variables["REQUEST_URI"] = test.url
        environment.variables["QUERY_STRING"] = test.url.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        environment.files = test.files
        let (decision, result) = evaluate(rules, test.url, environment)
        #expect(decision == test.decision)
        if test.decision != .unchanged && test.decision != .abortRequest { #expect(result == test.result) }
    }

    /// Reference, "String functions": `{HtmlEncode:}` turns markup characters into references.
    @Test func htmlEncodeEscapesMarkup() {
        var definition = IISRuleDefinition(name: "h", url: "^h$")
        definition.action = .customResponse
        definition.statusCode = 400
        definition.statusDescription = "bad: {HtmlEncode:{C:1}}"
        definition.conditions = [IISRuleDefinition.Condition(input: "{QUERY_STRING}", pattern: "t=(.*)")]
        let rules = RuleSet.compileIIS([IISRuleScope(virtualDirectory: "/", rules: [definition], file: "web.config")])
        let environment = TestEnvironment(host: "www.example.test", https: false)
        environment.variables["QUERY_STRING"] = "t=<b>&'\""
        let evaluator = RewriteEvaluator()
        let decision = evaluator.evaluate(rules, request: RewriteRequest(target: "/h?t=<b>&'\"", decodeURL: true), environment: environment)
        #expect(decision == .respond(status: 400))
        #expect(evaluator.customResponse?.description == "bad: &lt;b&gt;&amp;&#39;&quot;")
    }

    /// Reference, `<action logRewrittenUrl>`: the evaluator says when a Rewrite asked for the
    /// rewritten URL in the log (the module then leaves the log's URL alone).
    @Test func logRewrittenUrlIsReportedOnlyWhenARuleThatAppliedAsksForIt() {
        var logged = IISRuleDefinition(name: "logged", url: "^a$")
        logged.action = .rewrite
        logged.actionURL = "b"
        logged.logRewrittenURL = true
        var plain = IISRuleDefinition(name: "plain", url: "^c$")
        plain.action = .rewrite
        plain.actionURL = "d"
        let rules = RuleSet.compileIIS([IISRuleScope(virtualDirectory: "/", rules: [logged, plain], file: "web.config")])
        let environment = TestEnvironment(host: "www.example.test", https: false)
        let evaluator = RewriteEvaluator()
        #expect(evaluator.evaluate(rules, request: RewriteRequest(target: "/a", decodeURL: true), environment: environment) == .rewritten)
        #expect(evaluator.logsRewrittenURL)
        #expect(evaluator.evaluate(rules, request: RewriteRequest(target: "/c", decodeURL: true), environment: environment) == .rewritten)
        #expect(!evaluator.logsRewrittenURL)
    }
}
