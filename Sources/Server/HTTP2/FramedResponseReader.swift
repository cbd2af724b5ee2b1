import Pipeline

/// Reads back a response an ISAPI filter framed itself as HTTP/1.1 (`WriteClient` of a status
/// line and headers, `SF_REQ_SEND_RESPONSE_HEADER`), so it can go out on an HTTP/2 stream: the
/// status line and header lines become a `ResponseHead`, the bytes after the blank line the body.
/// Connection-specific fields are dropped by the stream; a body the filter framed as chunked is
/// refused (the stream is reset), as is a head larger than the header limit.
struct FramedResponseReader {
    enum Part {
        case head(ResponseHead)
        case body([UInt8])
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case headTooLarge(limit: Int)
        case notAStatusLine(String)
        case chunkedBody

        var description: String {
            switch self {
            case .headTooLarge(let limit): "a response head longer than \(limit) bytes"
            case .notAStatusLine(let line): "'\(line)' is not an HTTP status line"
            case .chunkedBody: "a body framed with Transfer-Encoding: chunked"
            }
        }
    }

    let limit: Int
    private var buffered: [UInt8] = []
    private(set) var awaitingHead = true

    init(limit: Int) {
        self.limit = limit
    }

    mutating func read(_ bytes: [UInt8]) throws(Failure) -> [Part] {
        guard awaitingHead else { return bytes.isEmpty ? [] : [.body(bytes)] }
        buffered += bytes
        guard let end = Self.blankLine(in: buffered) else {
            if buffered.count > limit { throw .headTooLarge(limit: limit) }
            return []
        }
        awaitingHead = false
        let head = try Self.head(String(decoding: buffered[..<end], as: UTF8.self))
        let rest = Array(buffered[(end + 4)...])
        buffered = []
        return rest.isEmpty ? [.head(head)] : [.head(head), .body(rest)]
    }

    private static func blankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private static func head(_ text: String) throws(Failure) -> ResponseHead {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.isEmpty ? "" : lines.removeFirst()
        let fields = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let status = Int(fields[1]), (100...999).contains(status) else {
            throw .notAStatusLine(String(statusLine.prefix(80)))
        }
        var headers = HeaderList()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = trimmed(line[..<colon])
            let value = trimmed(line[line.index(after: colon)...])
            if name.lowercased() == "transfer-encoding" {
                if value.lowercased().contains("chunked") { throw .chunkedBody }
                continue
            }
            headers.add(name, value)
        }
        let length = headers["Content-Length"].flatMap { Int($0) }
        headers.remove("Content-Length")
        return ResponseHead(version: .http2, status: status, reason: fields.count > 2 ? String(fields[2]) : "",
                            headers: headers, contentLength: length, isHead: false, keepAlive: true)
    }

    private static func trimmed(_ text: Substring) -> String {
        var text = text
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
