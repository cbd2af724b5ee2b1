/// What a `Range` header asks of a file of `size` bytes (RFC 9110 §14.1.2, §14.2): GET only.
///
/// One range is answered with 206; a range that starts past the end (or an empty suffix) with 416.
/// A header that is not `bytes=` with exactly one valid range (another unit, bad syntax, or
/// several ranges) is ignored and the whole file is sent with 200, as RFC 9110 allows: this server
/// does not build `multipart/byteranges` bodies (docs/configuration.md, "Static files").
enum ByteRange: Equatable {
    /// Send the whole file.
    case whole
    /// Bytes `first...last` (inclusive).
    case part(first: Int, last: Int)
    /// 416, with `Content-Range: bytes */size`.
    case unsatisfiable

    init(header: String, size: Int) {
        guard header.prefix(6).lowercased() == "bytes=" else { self = .whole; return }
        var text = header.utf8.dropFirst(6)
        text = text.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text = text.dropLast() }
        guard !text.contains(UInt8(ascii: ",")), let dash = text.firstIndex(of: UInt8(ascii: "-")) else {
            self = .whole
            return
        }
        let firstText = text[..<dash]
        let lastText = text[text.index(after: dash)...]
        if firstText.isEmpty {
            // A suffix: the last N bytes.
            guard let count = Self.number(lastText) else { self = .whole; return }
            guard count > 0, size > 0 else { self = .unsatisfiable; return }
            self = .part(first: max(0, size - count), last: size - 1)
            return
        }
        guard let first = Self.number(firstText) else { self = .whole; return }
        var last = size - 1
        if !lastText.isEmpty {
            guard let given = Self.number(lastText), given >= first else { self = .whole; return }
            last = min(given, size - 1)
        }
        self = first < size ? .part(first: first, last: last) : .unsatisfiable
    }

    /// Digits only; saturates at `Int.max` (a position past any file).
    private static func number(_ digits: Substring.UTF8View) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            value = overflowTimes || overflowSum ? Int.max : sum
        }
        return value
    }
}
