import Testing
@testable import Rewrite

/// The runner behind `isapi-bridge rewrite-test`.
@Suite struct RewriteTesterTests {
    @Test func aCaseFilePrintsOKOrErrorPerLineAndTheSummary() {
        let tester = RewriteTester(rules: iirf("RewriteRule ^/a$ /b [L]\nRedirectRule ^/r$ /s [R=301]\nRewriteRule ^/f$ - [F]"))
        let cases = """
            # comment
            /a          /b
            /r          REDIRECT 301 /s
            /f          FORBIDDEN
            /x          /x
            /a          /wrong
            /unchecked
            """
        let report = tester.run(cases: cases, file: "SampleUrls.txt")
        #expect(report.passed == 4)
        #expect(report.failed == 1)
        #expect(report.unchecked == 1)
        #expect(!report.succeeded)
        #expect(report.lines.contains("OK    /x -> NO REWRITE"), "NO REWRITE passes when the expectation is the input")
        #expect(report.lines.contains("ERROR /a (SampleUrls.txt:6): expected '/wrong', got '/b'"))
        #expect(report.text.hasSuffix("1 without an expected result\n4 passed, 1 failed\n"))
    }

    @Test func urlsPrintTheirOutcomeWithoutASummary() {
        let tester = RewriteTester(rules: modRewrite("RewriteRule ^/a$ /b [R]"))
        let report = tester.run(urls: ["/a?q=1", "https://site.test:8443/a", "/c"])
        #expect(report.text == """
            /a?q=1 -> REDIRECT 302 http://www.example.com/b?q=1
            https://site.test:8443/a -> REDIRECT 302 https://site.test:8443/b
            /c -> NO REWRITE

            """)
        #expect(report.succeeded)
    }

    @Test func aMissingCaseFileFails() {
        let report = RewriteTester(rules: iirf("")).run(casesFile: "/nonexistent/SampleUrls.txt")
        #expect(!report.succeeded)
        #expect(report.text.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func theDriverEnvironmentCracksURLsAsTheTestDriverDid() throws {
        let bare = try #require(DriverEnvironment(url: "/p/q?x=1&y=2"))
        #expect(bare.serverVariable("HTTP_HOST") == "www.example.com")
        #expect(bare.serverVariable("SERVER_PORT") == "80")
        #expect(bare.serverVariable("HTTPS") == "off")
        #expect(bare.serverVariable("QUERY_STRING") == "x=1&y=2")
        #expect(bare.serverVariable("URL") == "/p/q")
        #expect(bare.serverVariable("REQUEST_FILENAME") == "c:\\files\\docroot?")
        #expect(bare.serverVariable("REMOTE_ADDR") == nil)
        #expect(bare.unsupportedLookups == ["REMOTE_ADDR"])
        let secure = try #require(DriverEnvironment(url: "https://host.test:8443/s"))
        #expect(secure.serverVariable("HTTPS") == "on")
        #expect(secure.serverVariable("SERVER_PORT") == "443", "the driver set 443 for https whatever the URL said")
        #expect(secure.serverVariable("HTTP_HOST") == "host.test")
        #expect(secure.target == "/s")
        #expect(DriverEnvironment(url: "http://")  == nil)
    }
}
