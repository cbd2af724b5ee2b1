import Foundation
import Testing
@testable import Rewrite

/// IIRF behaviour the corpus does not exercise, from IIRF v2.1's sources and AdminGuide.
@Suite struct IIRFEngineTests {
    @Test func iterationRestartsFromTheTopUpToTheLimit() {
        let rules = "RewriteRule ^/a$ /b\nRewriteRule ^/b$ /c\n"
        #expect(evaluate(iirf(rules), "/a") == (.rewritten, "/c"))
        #expect(evaluate(iirf("IterationLimit 0\n" + rules), "/a") == (.rewritten, "/b"), "0 means one pass")
        // A cycle stops at the limit with the last result (no error in IIRF).
        #expect(evaluate(iirf("IterationLimit 3\nRewriteRule ^/(x*)$ /x$1"), "/") == (.rewritten, "/xxxx"))
        let outOfRange = iirf("IterationLimit 31\n" + rules)
        #expect(outOfRange.warnings.count == 1)
    }

    @Test func noIterationGoesOnWithTheNextRuleOnTheSameURL() {
        // (The second pattern must differ: IIRF drops a rule with the same pattern as an earlier one.)
        let rules = iirf("RewriteRule ^/a(.*)$ /x$1 [NI]\nRewriteRule ^/a(\\d)$ /y$1\nRewriteRule ^/x(.*)$ /z$1")
        #expect(rules.ruleCount == 3)
        #expect(evaluate(rules, "/a1") == (.rewritten, "/y1"))
        let alone = iirf("RewriteRule ^/a(.*)$ /x$1 [NI]\nRewriteRule ^/q$ /r")
        #expect(evaluate(alone, "/a1") == (.rewritten, "/x1"))
    }

    @Test func conditionsChainToTheRightAndStarNReferencesTheLastCondition() {
        let rules = iirf("""
            RewriteCond %{HTTP_HOST} ^a\\. [OR]
            RewriteCond %{HTTP_HOST} ^b\\.
            RewriteCond %{QUERY_STRING} go
            RewriteRule ^/(\\?.*)?$ /matched [L]
            """)
        // a OR (b AND go): unlike mod_rewrite, host a. matches without the query.
        #expect(evaluate(rules, "/", TestEnvironment(host: "a.example")) == (.rewritten, "/matched"))
        #expect(evaluate(rules, "/", TestEnvironment(host: "b.example")).0 == .unchanged)
        let backReference = iirf("RewriteCond %{HTTP_HOST} ^([^.]+)\\.example\nRewriteRule ^/(.*)$ /sites/*1/$1 [L]")
        #expect(evaluate(backReference, "/page", TestEnvironment(host: "shop.example")) == (.rewritten, "/sites/shop/page"))
        let percent = iirf("FlagCharacters % ~\nRewriteCond %{HTTP_HOST} ^([^.]+)\\.\nRewriteRule ^/(.*)$ /~U%1~E/$1%%20 [L]")
        #expect(evaluate(percent, "/p", TestEnvironment(host: "shop.example")) == (.rewritten, "/SHOP/p%20"))
    }

    @Test func aRuleWithTheSamePatternAsAnEarlierOneIsDropped() {
        let rules = iirf("RewriteRule ^/a(.*)$ /x$1 [NI]\nRewriteRule ^/a(.*)$ /y$1 [L]")
        #expect(rules.ruleCount == 1)
        #expect(rules.warnings.map(\.line) == [2])
    }

    @Test func groupsAboveNineAndMaxMatchCount() {
        let pattern = "RewriteRule ^/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)$ /$10-$1 [L]"
        // Ten groups need eleven pairs; IIRF's default ovector (MaxMatchCount 10) is too small, which
        // IIRF treats as no match.
        #expect(evaluate(iirf(pattern), "/abcdefghij").0 == .unchanged)
        #expect(evaluate(iirf("MaxMatchCount 12\n" + pattern), "/abcdefghij") == (.rewritten, "/j-a"))
        #expect(evaluate(iirf("MaxMatchCount 12\nRewriteRule ^/(a)$ /$01 [L]"), "/a") == (.rewritten, "/a1"), "$01 is $1 then 1")
    }

    @Test func queryStringAppendRewriteBaseAndUrlDecoding() {
        let append = iirf("RewriteRule ^/a(\\?.*)?$ /b?x=1 [QSA,L]")
        let environment = TestEnvironment()
        environment.variables["QUERY_STRING"] = "y=2"
        #expect(evaluate(append, "/a?y=2", environment) == (.rewritten, "/b?x=1&y=2"))
        let base = iirf("RewriteBase /app\nRewriteRule ^/page$ /other [L]\nRedirectRule ^/go$ /there")
        #expect(evaluate(base, "/app/page") == (.rewritten, "/app/other"))
        #expect(evaluate(base, "/APP/go") == (.redirect(status: 302), "/app/there"))
        #expect(evaluate(base, "/page") == (.rewritten, "/other"), "without the base the URL is matched whole")
        let decoding = iirf("RewriteRule ^/a\\sb$ /spaced [L]\nRewriteRule ^/A$ /upper [L]")
        #expect(evaluate(decoding, "/a%20b", decode: true) == (.rewritten, "/spaced"))
        #expect(evaluate(decoding, "/a%20b", decode: false).0 == .unchanged)
        #expect(evaluate(decoding, "/%41", decode: true).0 == .unchanged, "IIRF decodes only characters it would encode")
    }

    @Test func mapsAreCaseInsensitiveWithDefaultsAndEchoUnknownKeys() throws {
        let directory = try temporaryDirectory()
        try "# products\nWidget  /catalog/w  # trailing comment\nbad line here\n".write(
            to: directory.appendingPathComponent("products.txt"), atomically: true, encoding: .utf8)
        let rules = iirf("""
            RewriteMap products txt:products.txt
            RewriteRule ^/p/([^/]+)$ ${products:$1|/notfound} [L]
            RewriteRule ^/q/([^/]+)$ /q${products:$1} [L]
            """, file: directory.appendingPathComponent("IIRF.ini").path)
        #expect(rules.warnings.count == 1, "\(rules.warnings)")
        #expect(evaluate(rules, "/p/wIdGeT") == (.rewritten, "/catalog/w"))
        #expect(evaluate(rules, "/p/gadget") == (.rewritten, "/notfound"))
        #expect(evaluate(rules, "/q/gadget") == (.rewritten, "/q${products:gadget}"))
    }

    @Test func urlEncodingAndCaseFolding() {
        let rules = iirf("RewriteRule ^/q/(.*)$ /search?q=#X$1#E&t=#L$1#E [L]")
        #expect(evaluate(iirf("RewriteRule ^/q/(.*)$ /search?q=#X$1#E [L]"), "/q/a b&c/d") == (.rewritten, "/search?q=a%20b%26c%2Fd"))
        #expect(evaluate(rules, "/q/AB") == (.rewritten, "/search?q=AB&t=ab"))
        #expect(evaluate(iirf("RewriteRule ^/x$ /a##b [L]"), "/x") == (.rewritten, "/a#b"))
    }

    @Test func rewriteHeaderStatusInquiryAndTheDashReplacement() {
        let environment = TestEnvironment()
        environment.headers["x-test:"] = "1"
        let header = iirf("RewriteHeader X-Test ^(.*)$ v-$1 [L]")
        #expect(evaluate(header, "/", environment).0 == .unchanged)
        #expect(environment.headerWrites.map { "\($0.0)=\($0.1)" } == ["X-Test:=v-1"])

        let status = iirf("StatusInquiry ON\nRewriteRule ^/(.*)$ /x [L]")
        #expect(evaluate(status, "/iirfStatus").0 == .rewritten, "remote requests are not answered")
        let local = TestEnvironment()
        local.variables["REMOTE_ADDR"] = "192.0.2.2"
        #expect(evaluate(status, "/IIRFSTATUS?x", local).0 == .statusInquiry)
        #expect(evaluate(iirf("StatusInquiry ON RemoteOk"), "/iirfStatus").0 == .statusInquiry)

        #expect(evaluate(iirf("RewriteRule ^/keep$ - [L]\nRewriteRule ^/keep$ /no"), "/keep") == (.rewritten, "/keep"))
    }

    @Test func conditionsOnFilesAndStrings() {
        let environment = TestEnvironment()
        environment.variables["REQUEST_FILENAME"] = "c:\\site\\page.htm"
        environment.files = ["c:\\site\\page.htm": .regularFile(size: 3, executable: false), "c:\\site": .directory]
        let rules = iirf("""
            RewriteCond %{REQUEST_FILENAME} !-f
            RewriteRule ^/(.*)$ /index.php?p=$1 [L]
            """)
        #expect(evaluate(rules, "/page.htm", environment).0 == .unchanged)
        environment.variables["REQUEST_FILENAME"] = "c:\\site\\missing"
        #expect(evaluate(rules, "/missing", environment) == (.rewritten, "/index.php?p=missing"))
        let lexical = iirf("RewriteCond %{HTTP_HOST} >m [I]\nRewriteRule ^/$ /late [L]")
        #expect(evaluate(lexical, "/", TestEnvironment(host: "Zeta")).0 == .rewritten)
        #expect(evaluate(lexical, "/", TestEnvironment(host: "alpha")).0 == .unchanged)
    }

    @Test func includeIniAndBadFlagsAreReportedWithTheirFile() throws {
        let directory = try temporaryDirectory()
        let included = directory.appendingPathComponent("extra.ini")
        try "RewriteRule ^/inc$ /included [L]\nRewriteRule ^/bad$ /x [L,Q]\n".write(to: included, atomically: true, encoding: .utf8)
        let main = directory.appendingPathComponent("IIRF.ini")
        try "IncludeIni extra.ini\nIncludeIni IIRF.ini\nRewriteRule ^/main$ /m [L]\n".write(to: main, atomically: true, encoding: .utf8)
        let rules = RuleSet.load(path: main.path, dialect: .iirf)
        #expect(rules.ruleCount == 2)
        #expect(rules.warnings.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line)" } == ["extra.ini:2", "IIRF.ini:2"])
        #expect(evaluate(rules, "/inc") == (.rewritten, "/included"))
        #expect(rules.sources.count == 2)
    }

    @Test func aMissingRulesFileIsAWarningNotACrash() {
        let rules = RuleSet.load(path: "/nonexistent/IIRF.ini", dialect: .iirf)
        #expect(rules.ruleCount == 0)
        #expect(rules.warnings.count == 1)
        #expect(evaluate(rules, "/x").0 == .unchanged)
    }
}
