/// Finds the Host header of the first request in raw bytes, before any filter or parser saw them:
/// on a listener shared by sites, READ_RAW_DATA filters belong to the site the Host names (HTTP.sys
/// routes by host before IIS filters read anything).
enum FirstRequestHead {
    enum Scan: Equatable {
        /// The head is not complete yet: hold the bytes.
        case incomplete
        /// The head is complete (or too large to wait for): route by this Host value, nil if none.
        case complete(host: String?)
    }

    static func scan(_ bytes: [UInt8], limit: Int) -> Scan {
        guard let end = headEnd(bytes) else {
            return bytes.count > limit ? .complete(host: nil) : .incomplete
        }
        var lineStart = 0
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                if lineStart == 0, let authority = absoluteFormAuthority(bytes[..<index]) { return .complete(host: authority) }
                if let host = hostValue(bytes[lineStart..<index]) { return .complete(host: host) }
                lineStart = index + 1
            }
            index += 1
        }
        return .complete(host: nil)
    }

    /// The index just past the blank line ending the head.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            if bytes[index - 1] == UInt8(ascii: "\n") { return index + 1 }
            if bytes[index - 1] == UInt8(ascii: "\r"), bytes[index - 2] == UInt8(ascii: "\n") { return index + 1 }
        }
        return nil
    }

    /// The authority of an absolute-form request line (`GET http://host/x HTTP/1.1`), as the parsed
    /// request will route it.
    private static func absoluteFormAuthority(_ line: ArraySlice<UInt8>) -> String? {
        let words = line.split(separator: UInt8(ascii: " "))
        guard words.count >= 2 else { return nil }
        return RequestTarget.authority(String(decoding: words[1], as: UTF8.self))
    }

    private static func hostValue(_ line: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":"), text[..<colon].lowercased() == "host" else { return nil }
        return text[text.index(after: colon)...].trimmingCharacters(in: " \t\r")
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var value = self
        while let first = value.first, set.contains(first) { value = value.dropFirst() }
        while let last = value.last, set.contains(last) { value = value.dropLast() }
        return String(value)
    }
}
