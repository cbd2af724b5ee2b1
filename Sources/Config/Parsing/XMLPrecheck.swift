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

    private static let commentStart = Array("<!--".utf8), commentEnd = Array("-->".utf8)
    private static let cdataStart = Array("<![CDATA[".utf8), cdataEnd = Array("]]>".utf8)
    private static let instructionStart = Array("<?".utf8), instructionEnd = Array("?>".utf8)

    /// The line of the first `<?target?>` with nothing after the target, outside comments and
    /// CDATA. (libxml2 reports its data as NULL, and FoundationXML calls `strlen` on it.)
    private static func firstEmptyProcessingInstruction(_ bytes: [UInt8]) -> Int? {
        var index = 0
        var line = 1
        /// Moves past `terminator` (or to the end), counting lines; the index of its start.
        func skip(past terminator: [UInt8]) -> Int? {
            while index < bytes.count {
                if bytes[index...].starts(with: terminator) {
                    let start = index
                    index += terminator.count
                    return start
                }
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
            return nil
        }
        while index < bytes.count {
            let rest = bytes[index...]
            if rest.starts(with: commentStart) {
                index += commentStart.count
                _ = skip(past: commentEnd)
            } else if rest.starts(with: cdataStart) {
                index += cdataStart.count
                _ = skip(past: cdataEnd)
            } else if rest.starts(with: instructionStart) {
                let startLine = line
                index += instructionStart.count
                let contentStart = index
                guard let end = skip(past: instructionEnd) else { return nil }
                let content = bytes[contentStart..<end]
                let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                let afterTarget = content.drop { !isSpace($0) }
                if afterTarget.allSatisfy(isSpace) { return startLine }
            } else {
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
        }
        return nil
    }
}
