import Rewrite

extension FuzzEntries {
    /// The input as an IIRF.ini: see `rewrite(_:dialect:)`.
    public static func rewriteIIRF(_ input: UnsafeRawBufferPointer) { rewrite(input, dialect: .iirf) }

    /// The input as mod_rewrite directives: see `rewrite(_:dialect:)`.
    public static func rewriteModRewrite(_ input: UnsafeRawBufferPointer) { rewrite(input, dialect: .modRewrite) }

    /// Rules text, then optionally a NUL and URLs (one per further NUL-separated field) the parsed
    /// rules are evaluated on, as `isapi-bridge rewrite-test` does; without URLs, two fixed ones.
    /// Includes and map files resolve against a directory that does not exist.
    static func rewrite(_ input: UnsafeRawBufferPointer, dialect: Dialect) {
        let fields = input.fields
        let rules = RuleSet.parse(fields[0], dialect: dialect, file: "/nonexistent/fuzz/rules")
        let urls = fields.count > 1 ? fields.dropFirst().prefix(4).map { $0 } : ["/index.html?a=1", "http://fuzz.test/a/b.asp"]
        let tester = RewriteTester(rules: rules)
        for url in urls { _ = tester.evaluate(url) }
    }
}
