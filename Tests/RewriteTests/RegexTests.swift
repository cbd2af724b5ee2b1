import Testing
@testable import Rewrite

/// The PCRE2 wrapper: compile errors, JIT, named groups, caseless matching, capture ranges, and the
/// literal-prefix shortcut agreeing with PCRE2.
@Suite struct RegexTests {
    @Test func compileErrorsCarryTheOffsetAndReason() {
        #expect(throws: PatternError.self) { try CompiledPattern("^/(a[") }
        do {
            _ = try CompiledPattern("^/(a[")
        } catch {
            #expect(error.offset == 5)
            #expect(error.description.contains("missing terminating ]"))
        }
    }

    @Test func jitNamedGroupsAndCaptureRanges() throws {
        let pattern = try CompiledPattern("^/(?<section>[a-z]+)/(\\d+)?(x)?$", options: .caseless)
        #expect(pattern.isJITCompiled)
        #expect(pattern.captureCount == 3)
        #expect(pattern.namedGroups == ["section": 1])
        let space = MatchSpace(pairs: 4)
        let captures = CaptureSet(capacity: 4)
        let subject = Array("/News/42".utf8)
        let code = subject.withUnsafeBufferPointer { space.match(pattern, in: $0) }
        #expect(code == 3, "groups 0-2 set; group 3 did not participate")
        space.copy(pairs: Int(code), into: captures)
        #expect(captures.range(1) == 1..<5)
        #expect(captures.range(2) == 6..<8)
        #expect(captures.range(3) == nil)
        #expect(Array("/nothing-here".utf8).withUnsafeBufferPointer { space.match(pattern, in: $0) } < 0)
    }

    @Test func literalPrefixesAreConservative() {
        func prefix(_ pattern: String, _ options: PatternOptions = []) -> String {
            String(decoding: LiteralPrefix.of(Array(pattern.utf8), options: options), as: UTF8.self)
        }
        #expect(prefix("^/section1/(\\d+)$") == "/section1/")
        #expect(prefix("^/foo$") == "/foo")
        #expect(prefix("^/ab?c") == "/a")
        #expect(prefix("^/a{2}") == "/")
        #expect(prefix("^/a.b") == "/a")
        #expect(prefix("^/a|^/b") == "")
        #expect(prefix("^/a(?i)b") == "/a")
        #expect(prefix("(?i)^/a") == "")
        #expect(prefix("/a/b") == "")
        #expect(prefix("^/Foo", .caseless) == "")
    }

    @Test func theLiteralPrefixShortcutAgreesWithPCRE2() throws {
        let patterns = ["^/section1/(\\d+)$", "^/foo$", "^/ab?c", "^/a{2}", "^/a.b", "^/(cim|pom)/{0,1}$", "^/Hello\\.((?i)php)$"]
        let subjects = ["/section1/42", "/section12/4", "/foo", "/fo", "/ac", "/abc", "/aa", "/a", "/axb", "/cim/", "/Hello.PHP", "", "/"]
        let space = MatchSpace()
        for source in patterns {
            let pattern = try CompiledPattern(source)
            let rules = RuleSet.parse("RewriteRule \(source) /x", dialect: .iirf)
            let head = rules.heads[0]
            for subject in subjects {
                let bytes = Array(subject.utf8)
                let direct = bytes.withUnsafeBufferPointer { space.match(pattern, in: $0) } >= 0
                let shortcut = rules.prefixPool.withUnsafeBufferPointer { prefixes in
                    bytes.withUnsafeBufferPointer { head.match($0, prefixes: prefixes, space: space) }
                } >= 0
                #expect(direct == shortcut, "\(source) on '\(subject)'")
            }
        }
    }
}
