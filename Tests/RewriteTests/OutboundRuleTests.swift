import Testing
@testable import Rewrite

/// The outbound body tokenizer (`HTMLTagStream`) fed in chunks, and the outbound rule compiler.
@Suite struct OutboundRuleTests {
    static let page = #"<p>a < b</p><a class="c" href="/article.aspx?id=42">t</a><IMG SRC='/a.png' alt=x><!-- <a href="/no"> -->"#
        + #"<script>if(a<b){x='<a href="/no">'}</script><a href=/u><br/><a href = "/s" >"#
    static let expected = #"<p>a < b</p><a class="c" href="/new/article.aspx?id=42">t</a><IMG SRC='/new/a.png' alt=x><!-- <a href="/no"> -->"#
        + #"<script>if(a<b){x='<a href="/no">'}</script><a href=/new/u><br/><a href = "/new/s" >"#

    static func prefixNew(_ element: String, _ attribute: String, _ value: ArraySlice<UInt8>) -> [UInt8]? {
        guard (element == "a" && attribute == "href") || (element == "img" && attribute == "src") else { return nil }
        return Array("/new".utf8) + value
    }

    static func run(_ chunks: [ArraySlice<UInt8>], maxTagBytes: Int = 1024,
                    rewrite: HTMLTagStream.Rewrite = OutboundRuleTests.prefixNew) -> (String, HTMLTagStream) {
        var stream = HTMLTagStream(maxTagBytes: maxTagBytes)
        var output: [UInt8] = []
        for chunk in chunks { stream.feed(chunk, into: &output, rewrite: rewrite) }
        stream.finish(into: &output)
        return (String(decoding: output, as: UTF8.self), stream)
    }

    /// A tag cut anywhere between two chunks is carried over and rewritten whole; comments,
    /// script text and text `<` pass unchanged.
    @Test func attributeValuesAreRewrittenWhereverTheChunksSplit() {
        let bytes = Array(Self.page.utf8)
        for split in 0...bytes.count {
            let (output, stream) = Self.run([bytes[..<split], bytes[split...]])
            #expect(output == Self.expected, "split at \(split)")
            #expect(stream.changed)
        }
        let (single, _) = Self.run(bytes.map { [$0][...] })
        #expect(single == Self.expected, "one byte per chunk")
    }

    /// The bound: a tag longer than maxTagBytes goes out unchanged and is counted; the next is
    /// rewritten as usual.
    @Test func aTagLongerThanTheBoundPassesUnchangedAndIsCounted() {
        let long = #"<a href="/x" data-x=""# + String(repeating: "y", count: 200) + #"">"#
        let (output, stream) = Self.run([Array((long + #"<a href="/z">"#).utf8)[...]], maxTagBytes: 64)
        #expect(output == long + #"<a href="/new/z">"#)
        #expect(stream.oversizedTags == 1)
    }

    /// A new value holding the quote it is written in gets a character reference; an unquoted one
    /// that needs quotes gets them.
    @Test func newValuesAreQuotedSafely() {
        let (quoted, _) = Self.run([Array(#"<a href="/q">"#.utf8)[...]]) { _, _, _ in Array(#"/a"b"#.utf8) }
        #expect(quoted == #"<a href="/a&quot;b">"#)
        let (bare, _) = Self.run([Array("<a href=/q>".utf8)[...]]) { _, _, _ in Array("/a b".utf8) }
        #expect(bare == #"<a href="/a b">"#)
    }

    /// A tag still open when the body ends goes out as it was.
    @Test func anUnclosedTagAtTheEndIsKept() {
        let (output, stream) = Self.run([Array(#"x<a href="/q"#.utf8)[...]])
        #expect(output == #"x<a href="/q"#)
        #expect(!stream.changed)
    }

    static func section(_ outbound: IISOutboundSection, _ directory: String = "/") -> IISRewriteSection {
        var section = IISRewriteSection(virtualDirectory: directory, file: "web.config", line: 1)
        section.outbound = outbound
        return section
    }

    /// Unknown pre-conditions, tags and targets are warnings that drop the rule; child levels'
    /// `<clear/>` and `<remove>` drop inherited rules.
    @Test func theCompilerWarnsAndMergesLevels() {
        var parent = IISOutboundSection()
        var header = IISOutboundRuleDefinition(name: "Header", pattern: "^internal-(.*)$")
        header.serverVariable = "RESPONSE_X_Backend"
        header.rewrites = true
        header.value = "edge-{R:1}"
        var links = IISOutboundRuleDefinition(name: "Links", pattern: "^/(.*)")
        links.filterByTags = ["A", "Img"]
        links.rewrites = true
        links.value = "/app/{R:1}"
        var missing = IISOutboundRuleDefinition(name: "Missing", pattern: ".")
        missing.filterByTags = ["A"]
        missing.preCondition = "NoSuch"
        var unknownTag = IISOutboundRuleDefinition(name: "Blink", pattern: ".")
        unknownTag.filterByTags = ["Blink"]
        var body = IISOutboundRuleDefinition(name: "Body", pattern: ".")
        body.value = "x"
        parent.rules = [header, links, missing, unknownTag, body]
        let compiled = OutboundRuleSet.compile([Self.section(parent)])
        #expect(compiled.headerRules.map(\.name) == ["Header"])
        #expect(compiled.bodyRules.map(\.name) == ["Links"])
        #expect(compiled.warnings.count == 3, "\(compiled.warnings)")
        var child = IISOutboundSection()
        child.removedRules = ["links"]
        #expect(OutboundRuleSet.compile([Self.section(parent), Self.section(child, "/sub/")]).bodyRules.isEmpty)
        child = IISOutboundSection()
        child.clearsInheritedRules = true
        #expect(OutboundRuleSet.compile([Self.section(parent), Self.section(child, "/sub/")]).isEmpty)
    }
}
