#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTTP/1.x response bytes: the head with its framing headers, and chunked-encoding pieces.
/// One serializer for the server and for filters that see raw outgoing bytes (SEND_RAW_DATA).
public enum HTTPResponseSerializer {
    /// Whether a response with this status may carry a body at all.
    public static func allowsBody(status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    /// True when the body must be sent chunked: HTTP/1.1, length unknown, body allowed, not HEAD.
    public static func usesChunkedEncoding(_ head: ResponseHead) -> Bool {
        head.contentLength == nil && !head.isHead && allowsBody(status: head.status)
            && head.version.major == 1 && head.version.minor >= 1
    }

    /// Status line, `Date`, the response's headers, framing (`Content-Length` or
    /// `Transfer-Encoding: chunked`) and `Connection` as `keepAlive` requires, then the blank line.
    public static func head(_ head: ResponseHead, keepAlive: Bool, date: String = HTTPDate.now()) -> [UInt8] {
        var text = "HTTP/\(head.version.major).\(head.version.minor) \(head.status) \(head.reason)\r\n"
        if !head.headers.contains("Date") { text += "Date: \(date)\r\n" }
        for (name, value) in head.headers {
            let lower = name.lowercased()
            if lower == "content-length" || lower == "transfer-encoding" || lower == "connection" { continue }
            text += "\(name): \(value)\r\n"
        }
        if let length = head.contentLength, allowsBody(status: head.status) || head.isHead {
            text += "Content-Length: \(length)\r\n"
        } else if usesChunkedEncoding(head) {
            text += "Transfer-Encoding: chunked\r\n"
        }
        let http10 = head.version.major == 1 && head.version.minor == 0
        if !keepAlive || (http10 && head.contentLength == nil && allowsBody(status: head.status) && !head.isHead) {
            text += "Connection: close\r\n"
        } else if http10 {
            text += "Connection: keep-alive\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// One chunk of a chunked body (empty input gives nothing: an empty chunk would end the body).
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        return Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + [13, 10]
    }

    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// Replaces the value of `Content-Length` in serialized head bytes (adds it if absent).
    static func settingContentLength(_ length: Int, in head: [UInt8]) -> [UInt8] {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.crlfLines()
        var found = false
        for index in lines.indices where lines[index].lowercased().hasPrefix("content-length:") {
            lines[index] = "Content-Length: \(length)"
            found = true
        }
        if !found, let blank = lines.firstIndex(of: ""), blank > 0 {
            lines.insert("Content-Length: \(length)", at: blank)
        }
        return Array(lines.joined(separator: "\r\n").utf8)
    }
}

extension String {
    /// Splits on CRLF only (a lone LF stays in the line).
    func crlfLines() -> [String] {
        var result: [String] = []
        var line: [UInt8] = []
        var previousCR = false
        for byte in utf8 {
            if previousCR && byte == 10 {
                result.append(String(decoding: line, as: UTF8.self))
                line.removeAll()
                previousCR = false
                continue
            }
            if previousCR { line.append(13) }
            previousCR = byte == 13
            if !previousCR { line.append(byte) }
        }
        if previousCR { line.append(13) }
        result.append(String(decoding: line, as: UTF8.self))
        return result
    }
}
