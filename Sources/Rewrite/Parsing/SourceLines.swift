/// One line of a rules file as bytes (the files need not be UTF-8), with where it came from.
struct SourceLine {
    let bytes: ArraySlice<UInt8>
    let location: SourceLocation

    /// Splits a file into lines; `\r` before `\n` is dropped.
    static func split(_ contents: [UInt8], file: String) -> [SourceLine] {
        var lines: [SourceLine] = []
        var start = 0
        var number = 1
        for index in contents.indices where contents[index] == UInt8(ascii: "\n") {
            lines.append(SourceLine(bytes: trimCarriageReturn(contents[start..<index]),
                                    location: SourceLocation(file: file, line: number)))
            start = index + 1
            number += 1
        }
        if start < contents.count {
            lines.append(SourceLine(bytes: trimCarriageReturn(contents[start...]),
                                    location: SourceLocation(file: file, line: number)))
        }
        return lines
    }

    private static func trimCarriageReturn(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = line.endIndex
        while end > line.startIndex && line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return line[line.startIndex..<end]
    }
}

extension ArraySlice where Element == UInt8 {
    /// Without leading and trailing spaces, tabs, CR and LF.
    var trimmed: ArraySlice<UInt8> {
        var start = startIndex
        var end = endIndex
        while start < end && self[start].isConfigSpace { start += 1 }
        while end > start && self[end - 1].isConfigSpace { end -= 1 }
        return self[start..<end]
    }

    /// Fields separated by spaces and tabs.
    var fields: [ArraySlice<UInt8>] {
        split(omittingEmptySubsequences: true, whereSeparator: { $0.isConfigSpace })
    }

    /// Everything after the first `count` fields, trimmed.
    func remainder(afterFields count: Int) -> ArraySlice<UInt8> {
        var index = startIndex
        for _ in 0..<count {
            while index < endIndex && self[index].isConfigSpace { index += 1 }
            while index < endIndex && !self[index].isConfigSpace { index += 1 }
        }
        return self[index..<endIndex].trimmed
    }

    var text: String { String(decoding: self, as: UTF8.self) }

    func equalsIgnoringCase(_ other: String) -> Bool {
        let utf8 = other.utf8
        guard count == utf8.count else { return false }
        return zip(self, utf8).allSatisfy { asciiLowercased($0) == asciiLowercased($1) }
    }
}

extension UInt8 {
    var isConfigSpace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A || self == 0x0B || self == 0x0C
    }

    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
}
