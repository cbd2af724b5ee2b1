import Foundation
import Testing
@testable import Rewrite

/// mod_rewrite conditions (`apply_rewrite_cond`, the `[OR]` grouping of `apply_rewrite_rule`),
/// variables (`lookup_variable`) and maps (`txt`, `rnd`, `int`).
@Suite struct ModRewriteConditionAndMapTests {
    @Test func orGroupsAreAndedWithTheConditionsAfterThem() {
        let rules = modRewrite("""
            RewriteCond %{HTTP_HOST} ^a\\. [OR]
            RewriteCond %{HTTP_HOST} ^b\\.
            RewriteCond %{QUERY_STRING} go
            RewriteRule ^/$ /matched
            """)
        #expect(evaluate(rules, "/?go", TestEnvironment(host: "b.example")) == (.rewritten, "/matched?go"))
        #expect(evaluate(rules, "/?go", TestEnvironment(host: "a.example")) == (.rewritten, "/matched?go"))
        #expect(evaluate(rules, "/?go", TestEnvironment(host: "c.example")).0 == .unchanged)
        // (a OR b) AND c: with c false nothing matches (IIRF would read a OR (b AND c)).
        #expect(evaluate(rules, "/", TestEnvironment(host: "a.example")).0 == .unchanged)
        // httpd quirk: an [OR] on the last condition lets a false last condition pass.
        let dangling = modRewrite("RewriteCond %{HTTP_HOST} ^nomatch [OR]\nRewriteRule ^/$ /q")
        #expect(evaluate(dangling, "/") == (.rewritten, "/q"))
    }

    @Test func conditionBackReferencesComeFromTheLastMatchingCondition() {
        let rules = modRewrite("""
            RewriteCond %{HTTP_HOST} ^(www\\.)?(.+)$
            RewriteCond %{QUERY_STRING} !^(x)
            RewriteRule ^/(.*)$ /%2/$1
            """)
        // The negated condition holds but does not replace %N.
        #expect(evaluate(rules, "/page", TestEnvironment(host: "www.example.test")) == (.rewritten, "/example.test/page"))
        let caseless = modRewrite("RewriteCond %{HTTP:X-Mode} ^TEST$ [NC]\nRewriteRule ^/(.*)$ /t/$1")
        let environment = TestEnvironment()
        environment.headers["x-mode:"] = "test"
        #expect(evaluate(caseless, "/p", environment) == (.rewritten, "/t/p"))
    }

    @Test func fileTestsSeeTheURLPathAsRequestFilenameInServerContext() {
        let environment = TestEnvironment()
        environment.files = ["/srv/site/exists.html": .regularFile(size: 10, executable: false), "/srv/site/dir": .directory,
                             "/srv/site/empty": .regularFile(size: 0, executable: false),
                             "/srv/site/link": .symbolicLink, "/srv/site/tool": .regularFile(size: 5, executable: true)]
        let front = modRewrite("""
            RewriteCond %{DOCUMENT_ROOT}%{REQUEST_FILENAME} !-f
            RewriteCond %{DOCUMENT_ROOT}%{REQUEST_FILENAME} !-d
            RewriteRule ^(.*)$ /index.php?route=$1 [QSA,L]
            """)
        #expect(evaluate(front, "/exists.html", environment).0 == .unchanged)
        #expect(evaluate(front, "/dir", environment).0 == .unchanged)
        #expect(evaluate(front, "/missing?a=1", environment) == (.rewritten, "/index.php?route=/missing&a=1"))
        let size = modRewrite("RewriteCond %{DOCUMENT_ROOT}%{REQUEST_URI} -s\nRewriteRule ^ /nonempty")
        #expect(evaluate(size, "/exists.html", environment) == (.rewritten, "/nonempty"))
        #expect(evaluate(size, "/empty", environment).0 == .unchanged)
        let link = modRewrite("RewriteCond /srv/site%{REQUEST_URI} -l\nRewriteRule ^ /linked")
        #expect(evaluate(link, "/link", environment).0 == .rewritten)
        let executable = modRewrite("RewriteCond /srv/site%{REQUEST_URI} -x\nRewriteRule ^ /run")
        #expect(evaluate(executable, "/tool", environment).0 == .rewritten)
        #expect(evaluate(executable, "/exists.html", environment).0 == .unchanged)
    }

    @Test func lexicalAndIntegerComparisons() {
        let empty = modRewrite("RewriteCond %{QUERY_STRING} =\"\"\nRewriteRule ^/q$ /empty")
        #expect(evaluate(empty, "/q") == (.rewritten, "/empty"))
        #expect(evaluate(empty, "/q?x").0 == .unchanged)
        // httpd compares lengths first: "10" > "9".
        let lexical = modRewrite("RewriteCond %{HTTP:X-Version} >9\nRewriteRule ^ /newer")
        let environment = TestEnvironment()
        environment.headers["x-version:"] = "10"
        #expect(evaluate(lexical, "/", environment).0 == .rewritten)
        environment.headers["x-version:"] = "8"
        #expect(evaluate(lexical, "/", environment).0 == .unchanged)
        let integer = modRewrite("RewriteCond %{HTTP:X-Count} -gt10\nRewriteCond %{HTTP:X-Count} !-ne11\nRewriteRule ^ /many")
        environment.headers["x-count:"] = "11"
        #expect(evaluate(integer, "/", environment).0 == .rewritten)
        environment.headers["x-count:"] = "12"
        #expect(evaluate(integer, "/", environment).0 == .unchanged)
        let equal = modRewrite("RewriteCond %{REQUEST_METHOD} =post [NC]\nRewriteRule ^ /posted")
        environment.variables["REQUEST_METHOD"] = "POST"
        #expect(evaluate(equal, "/", environment).0 == .rewritten)
    }

    @Test func variables() {
        let environment = TestEnvironment()
        environment.headers["x-custom:"] = "c"
        let rules = modRewrite("RewriteRule ^/v$ /v?uri=%{REQUEST_URI}&qs=%{QUERY_STRING}&https=%{HTTPS}&h=%{HTTP:X-Custom}&m=%{REQUEST_METHOD}&y=%{TIME_YEAR}&s=%{REQUEST_SCHEME}&u=%{unknown_var}")
        #expect(evaluate(rules, "/v?z=1", environment) == (.rewritten, "/v?uri=/v&qs=z=1&https=off&h=c&m=GET&y=2023&s=http&u="))
        let request = modRewrite("RewriteCond %{THE_REQUEST} ^GET\\ /v\\?z=1\\ HTTP/1\\.1$\nRewriteRule ^ /line")
        #expect(evaluate(request, "/v?z=1", environment).0 == .rewritten)
        // REQUEST_URI is the decoded original path; REQUEST_FILENAME follows the rewrites.
        let paths = modRewrite("RewriteRule ^/a%20b$ /c\nRewriteRule ^/c$ /d?u=%{REQUEST_URI}&f=%{REQUEST_FILENAME}")
        #expect(evaluate(paths, "/a%2520b", environment) == (.rewritten, "/d?u=/a%20b&f=/c"))
    }

    @Test func textRandomAndInternalMaps() throws {
        let directory = try temporaryDirectory()
        try "# numbers\none  1\ntwo\t2 trailing words\n indented 3\n".write(to: directory.appendingPathComponent("numbers.txt"), atomically: true, encoding: .utf8)
        try "pool a|b|c\nsingle only\n".write(to: directory.appendingPathComponent("servers.txt"), atomically: true, encoding: .utf8)
        let rules = modRewrite("""
            RewriteMap numbers txt:numbers.txt
            RewriteMap servers rnd:servers.txt
            RewriteMap up int:toupper
            RewriteMap down int:tolower
            RewriteMap esc int:escape
            RewriteMap unesc int:unescape
            RewriteRule ^/n/(.*)$ /num/${numbers:$1|none} [L]
            RewriteRule ^/m/(.*)$ /num/${numbers:$1} [L]
            RewriteRule ^/r/(.*)$ /srv/${servers:$1} [L]
            RewriteRule ^/u/(.*)$ /U/${up:$1}/${down:$1} [L]
            RewriteRule ^/e/(.*)$ /E/${esc:$1} [R,NE,L]
            RewriteRule ^/x/(.*)$ /X/${unesc:$1} [R,L]
            """, file: directory.appendingPathComponent("httpd.conf").path)
        #expect(rules.warnings.isEmpty, "\(rules.warnings)")
        #expect(evaluate(rules, "/n/one") == (.rewritten, "/num/1"))
        #expect(evaluate(rules, "/n/two") == (.rewritten, "/num/2"))
        #expect(evaluate(rules, "/n/ONE") == (.rewritten, "/num/none"), "txt keys are case-sensitive")
        #expect(evaluate(rules, "/n/indented") == (.rewritten, "/num/none"), "lines starting with white space are skipped")
        #expect(evaluate(rules, "/m/three") == (.rewritten, "/num/"), "no default: empty")
        #expect(evaluate(rules, "/r/single") == (.rewritten, "/srv/only"))
        var seen: Set<String> = []
        for _ in 0..<60 { seen.insert(evaluate(rules, "/r/pool").1) }
        #expect(seen == ["/srv/a", "/srv/b", "/srv/c"])
        #expect(evaluate(rules, "/u/MiXed") == (.rewritten, "/U/MIXED/mixed"))
        // A '?' from a map's answer would start the query: httpd 2.4.60+ answers 403 (AH10508).
        #expect(evaluate(rules, "/e/a%20b%3Fc") == (.respond(status: 403), ""))
        #expect(evaluate(rules, "/x/a%2520b") == (.redirect(status: 302), "http://example.test/X/a%20b"))
    }

    @Test func unsupportedMapTypesAndMissingFilesAreWarnings() {
        let rules = modRewrite("""
            RewriteMap db dbm:/nonexistent/map.db
            RewriteMap prog prg:/bin/cat
            RewriteMap gone txt:/nonexistent/map.txt
            RewriteMap fn int:reverse
            RewriteRule ^/(.*)$ /${gone:$1|fallback}
            """)
        #expect(rules.warnings.count == 5)
        #expect(evaluate(rules, "/k") == (.rewritten, "/fallback"))
    }
}
