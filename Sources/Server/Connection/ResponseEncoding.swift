import NIOCore
import Pipeline

/// Writes responses in HTTP/1.1 wire format. The server owns framing: the pipeline's
/// `Content-Length`, any module-set `Transfer-Encoding` or `Connection` are replaced by what
/// `BodyFraming` and the keep-alive decision say.
enum ResponseEncoding {
    static func writeHead(_ head: ResponseHead, framing: BodyFraming, keepAlive: Bool, date: String,
                          into buffer: inout ByteBuffer) {
        let status = (100...999).contains(head.status) ? head.status : 500
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status))
        buffer.writeStaticString(" ")
        buffer.writeString(clean(head.reason))
        buffer.writeStaticString("\r\n")
        var sawDate = false
        for (name, value) in head.headers {
            if isFramingHeader(name) || !isToken(name) { continue }
            if !sawDate && name.utf8.count == 4 && HeaderName.equal(name, "date") { sawDate = true }
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(clean(value))
            buffer.writeStaticString("\r\n")
        }
        if !sawDate {
            buffer.writeStaticString("Date: ")
            buffer.writeString(date)
            buffer.writeStaticString("\r\n")
        }
        switch framing {
        case .length(let length):
            buffer.writeStaticString("Content-Length: ")
            buffer.writeString(String(length))
            buffer.writeStaticString("\r\n")
        case .chunked:
            buffer.writeStaticString("Transfer-Encoding: chunked\r\n")
        case .none, .untilClose:
            break
        }
        if !keepAlive {
            buffer.writeStaticString("Connection: close\r\n")
        } else if head.version == .http1_0 {
            buffer.writeStaticString("Connection: keep-alive\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    static func writeChunk(_ bytes: [UInt8], into buffer: inout ByteBuffer) {
        guard !bytes.isEmpty else { return }
        buffer.writeString(String(bytes.count, radix: 16))
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(bytes)
        buffer.writeStaticString("\r\n")
    }

    static func writeLastChunk(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("0\r\n\r\n")
    }

    private static func isFramingHeader(_ name: String) -> Bool {
        switch name.utf8.count {
        case 10: HeaderName.equal(name, "connection")
        case 14: HeaderName.equal(name, "content-length")
        case 17: HeaderName.equal(name, "transfer-encoding")
        default: false
        }
    }

    /// Header names are RFC 9110 tokens; anything else would corrupt the message.
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            byte > 32 && byte < 127 && byte != UInt8(ascii: ":") && byte != UInt8(ascii: "\"")
                && byte != UInt8(ascii: "(") && byte != UInt8(ascii: ")") && byte != UInt8(ascii: ",")
        }
    }

    /// A value with CR or LF would let a module split the response; those bytes become spaces.
    private static func clean(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { return value }
        return String(decoding: value.utf8.map { $0 == 13 || $0 == 10 || $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}

/// Case-insensitive ASCII comparison of header names.
enum HeaderName {
    /// `lowercase` must already be lower case.
    static func equal(_ name: String, _ lowercase: StaticString) -> Bool {
        let other = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        guard name.utf8.count == other.count else { return false }
        return name.utf8.elementsEqual(other) { ($0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0) == $1 }
    }
}
