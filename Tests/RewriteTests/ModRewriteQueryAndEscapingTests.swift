import Testing
@testable import Rewrite

/// mod_rewrite's query-string handling (`splitout_queryargs`) and escaping (`[B]`, `[NE]`,
/// `escape_absolute_uri`), table-driven.
@Suite struct ModRewriteQueryAndEscapingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rules: String
        let url: String
        let decision: RewriteDecision
        let result: String
        var testDescription: String { "\(rules) | \(url)" }
    }

    static let queries: [Case] = [
        // A '?' in the substitution replaces the query ...
        Case(rules: "RewriteRule ^/a$ /b?y=2", url: "/a?x=1", decision: .rewritten, result: "/b?y=2"),
        // ... [QSA] puts the new one in front of the old one ...
        Case(rules: "RewriteRule ^/a$ /b?y=2 [QSA]", url: "/a?x=1", decision: .rewritten, result: "/b?y=2&x=1"),
        Case(rules: "RewriteRule ^/a$ /b?y=2 [QSA]", url: "/a", decision: .rewritten, result: "/b?y=2"),
        // ... a bare '?' drops the query, unless [QSA] ...
        Case(rules: "RewriteRule ^/a$ /b?", url: "/a?x=1", decision: .rewritten, result: "/b"),
        Case(rules: "RewriteRule ^/a$ /b? [QSA]", url: "/a?x=1", decision: .rewritten, result: "/b?x=1"),
        // ... [QSD] discards the original ...
        Case(rules: "RewriteRule ^/a$ /b [QSD]", url: "/a?x=1", decision: .rewritten, result: "/b"),
        Case(rules: "RewriteRule ^/a$ /b?y=2 [QSD,QSA]", url: "/a?x=1", decision: .rewritten, result: "/b?y=2"),
        // ... and [QSL] splits at the last '?' (the earlier one stays in the path, escaped for the pipeline).
        Case(rules: "RewriteRule ^/a$ /b?c?d=1", url: "/a", decision: .rewritten, result: "/b?c?d=1"),
        Case(rules: "RewriteRule ^/a$ /b?c?d=1 [QSL]", url: "/a", decision: .rewritten, result: "/b%3Fc?d=1"),
        // The pattern never sees the query; %{QUERY_STRING} does.
        Case(rules: "RewriteRule ^/a\\?x=1$ /no", url: "/a?x=1", decision: .unchanged, result: ""),
        Case(rules: "RewriteCond %{QUERY_STRING} ^id=(\\d+)$\nRewriteRule ^/item$ /items/%1? [L]", url: "/item?id=42",
             decision: .rewritten, result: "/items/42"),
        // A redirect carries the query: unchanged as received, escaped when a rule changed it,
        // untouched with [NE].
        Case(rules: "RewriteRule ^/a$ http://other.test/x [R]", url: "/a?q=%41", decision: .redirect(status: 302),
             result: "http://other.test/x?q=%41"),
        Case(rules: "RewriteRule ^/a$ http://other.test/x?y=1 [R,QSA]", url: "/a?q=%41", decision: .redirect(status: 302),
             result: "http://other.test/x?y=1&q=%2541"),
        Case(rules: "RewriteRule ^/a$ http://other.test/x?y=1 [R,QSA,NE]", url: "/a?q=%41", decision: .redirect(status: 302),
             result: "http://other.test/x?y=1&q=%41"),
        Case(rules: "RewriteRule ^/a$ \"http://other.test/x?q=a b\" [R]", url: "/a", decision: .redirect(status: 302),
             result: "http://other.test/x?q=a%20b"),
        // mailto: takes a query, news: does not.
        Case(rules: "RewriteRule ^/m$ mailto:a@b.test?subject=hi", url: "/m", decision: .redirect(status: 302),
             result: "mailto:a@b.test?subject=hi"),
    ]

    static let escaping: [Case] = [
        // The pattern matches the decoded path; a redirect target is escaped again ...
        Case(rules: "RewriteRule ^/(.*)$ http://other.test/$1 [R]", url: "/a%20b", decision: .redirect(status: 302),
             result: "http://other.test/a%20b"),
        // ... '%' included, which is what [NE] is for.
        Case(rules: "RewriteRule ^/a$ /b\\%20c [R]", url: "/a", decision: .redirect(status: 302), result: "http://example.test/b%2520c"),
        Case(rules: "RewriteRule ^/a$ /b\\%20c [R,NE]", url: "/a", decision: .redirect(status: 302), result: "http://example.test/b%20c"),
        // A decoded '?' from the path that would start the query is refused (httpd 2.4.60+, 403) ...
        Case(rules: "RewriteRule ^/(.*)$ http://other.test/$1 [R]", url: "/a%3Fb%23c", decision: .respond(status: 403),
             result: ""),
        // ... unless [UnsafeAllow3F]: then it splits off a query (what [B] is for) ...
        Case(rules: "RewriteRule ^/(.*)$ http://other.test/$1 [R,UnsafeAllow3F]", url: "/a%3Fb%23c",
             decision: .redirect(status: 302), result: "http://other.test/a?b%23c"),
        // ... and the host part is never escaped, the path is ('#' and '?' included).
        Case(rules: "RewriteRule ^/(.*)$ http://other.test/$1 [R,B]", url: "/a%3Fb%23c", decision: .redirect(status: 302),
             result: "http://other.test/a%253fb%2523c"),
        // [B] escapes back-references (space as '+'), [BNP] uses %20, [B=chars] only those.
        Case(rules: "RewriteRule ^/search/(.*)$ /s?q=$1 [B]", url: "/search/a%26b%20c", decision: .rewritten, result: "/s?q=a%26b+c"),
        Case(rules: "RewriteRule ^/search/(.*)$ /s?q=$1 [B,BNP]", url: "/search/a%26b%20c", decision: .rewritten, result: "/s?q=a%26b%20c"),
        // A space left in the new query is refused (httpd 2.4.56+, AH10410; observed from 2.4.71).
        Case(rules: "RewriteRule ^/search/(.*)$ /s?q=$1 [B=&]", url: "/search/a%26b%20c", decision: .respond(status: 403), result: ""),
        Case(rules: "RewriteRule ^/search/(.*)$ /s?q=$1", url: "/search/a%26b%20c", decision: .respond(status: 403), result: ""),
        Case(rules: "RewriteRule ^/search/(.*)$ /s?q=$1 [B=&]", url: "/search/a%26b", decision: .rewritten, result: "/s?q=a%26b"),
        // A local result is a file path to httpd: handed back to the pipeline, it is re-encoded so
        // that decoding gives the same path.
        Case(rules: "RewriteRule ^/(.*)$ /files/$1", url: "/a%20b", decision: .rewritten, result: "/files/a%20b"),
        Case(rules: "RewriteRule ^/a$ /b\\%20c", url: "/a", decision: .rewritten, result: "/b%2520c"),
    ]

    @Test(arguments: queries)
    func query(_ testCase: Case) {
        let (decision, result) = evaluate(modRewrite(testCase.rules), testCase.url)
        #expect(decision == testCase.decision)
        if !testCase.result.isEmpty { #expect(result == testCase.result) }
    }

    @Test(arguments: escaping)
    func escape(_ testCase: Case) {
        let (decision, result) = evaluate(modRewrite(testCase.rules), testCase.url)
        #expect(decision == testCase.decision)
        if !testCase.result.isEmpty { #expect(result == testCase.result) }
    }
}
