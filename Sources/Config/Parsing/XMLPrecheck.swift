import Foundation

/// What FoundationXML's `XMLParser` cannot survive, checked before a document reaches it. Each was
/// found by Fuzz/ (target config-reader) as a trap or a crash inside FoundationXML's callbacks.
enum XMLPrecheck {
    /// The first such problem, as a line and what to fix; nil when the document may be parsed.
    static func problem(in data: Data) -> (line: Int, message: String)? {
        // A UTF-16 document (byte-order mark) is libxml2's to decode; the checks below read UTF-8.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return nil }
        if let line = firstLineNotUTF8(data) {
            return (line, "this line is not valid UTF-8; save the file as UTF-8, the encoding IIS writes applicationHost.config in")
        }
        if let line = firstEmptyProcessingInstruction(Array(data)) {
            return (line, "a processing instruction without content (<?name?>) cannot be read; remove it")
        }
        return nil
    }

    /// The 1-based line of the first byte sequence that is not UTF-8. Line by line is exact: a
    /// line feed byte never occurs inside a multi-byte sequence.
    /// (Invalid bytes in an element name trap in FoundationXML's start-element callback.)
    private static func firstLineNotUTF8(_ data: Data) -> Int? {
        guard String(validating: data, as: UTF8.self) == nil else { return nil }
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            return index + 1
        }
        return nil
    }

    /// The line of the first `<?target?>` (nothing but white space after the target), anywhere in
    /// the document: libxml2 reports such an instruction's data as NULL and FoundationXML calls
    /// `strlen` on it. Anywhere, because libxml2 recovers from errors and finds instructions where a
    /// well-formed reading would not (inside a broken declaration, say); the same text in a comment
    /// is refused too.
    private static func firstEmptyProcessingInstruction(_ bytes: [UInt8]) -> Int? {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let isEnd: (Int) -> Bool = { $0 + 1 < bytes.count && bytes[$0] == UInt8(ascii: "?") && bytes[$0 + 1] == UInt8(ascii: ">") }
        var line = 1
        for start in bytes.indices {
            if bytes[start] == 0x0A { line += 1 }
            guard bytes[start] == UInt8(ascii: "<"), start + 1 < bytes.count, bytes[start + 1] == UInt8(ascii: "?") else { continue }
            var index = start + 2
            while index < bytes.count, !isSpace(bytes[index]), !isEnd(index) { index += 1 }
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            if isEnd(index) { return line }
        }
        return nil
    }
}
