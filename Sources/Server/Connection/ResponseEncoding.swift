import NIOCore
import Pipeline

/// Writes responses in HTTP/1.1 wire format. The server owns framing: the pipeline's
/// `Content-Length`, any module-set `Transfer-Encoding` or `Connection` are replaced by what
/// `BodyFraming` and the keep-alive decision say.
///
/// The head is measured first and then copied in one pass into one reservation of the buffer:
/// this runs once per response, and per-piece `ByteBuffer` writes showed up in profiles.
enum ResponseEncoding {
    static func writeHead(_ head: ResponseHead, framing: BodyFraming, keepAlive: Bool, date: String,
                          into buffer: inout ByteBuffer) {
        let status = (100...999).contains(head.status) ? head.status : 500
        let statusText = String(status)
        let length: String? = if case .length(let count) = framing { String(count) } else { nil }
        var sawDate = false
        var size = 9 + statusText.utf8.count + 1 + head.reason.utf8.count + 2  // "HTTP/1.1 200 OK\r\n"
        for (name, value) in head.headers where isSent(name) {
            if !sawDate && name.utf8.count == 4 && HeaderName.equal(name, "date") { sawDate = true }
            size += name.utf8.count + 2 + value.utf8.count + 2
        }
        if !sawDate { size += 8 + date.utf8.count }
        if let length { size += 18 + length.utf8.count }
        if framing == .chunked { size += chunkedHeader.utf8CodeUnitCount }
        let connection: StaticString? = !keepAlive ? closeHeader : (head.version == .http1_0 ? keepAliveHeader : nil)
        if let connection { size += connection.utf8CodeUnitCount }
        size += 2

        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { raw in
            var out = HeadWriter(base: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            out.put("HTTP/1.1 ")
            out.put(statusText)
            out.put(" ")
            out.putClean(head.reason)
            out.put("\r\n")
            for (name, value) in head.headers where isSent(name) {
                out.put(name)
                out.put(": ")
                out.putClean(value)
                out.put("\r\n")
            }
            if !sawDate {
                out.put("Date: ")
                out.put(date)
                out.put("\r\n")
            }
            if let length {
                out.put("Content-Length: ")
                out.put(length)
                out.put("\r\n")
            }
            if framing == .chunked { out.put(chunkedHeader) }
            if let connection { out.put(connection) }
            out.put("\r\n")
            assert(out.count == size)
            return out.count
        }
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

    private static let chunkedHeader: StaticString = "Transfer-Encoding: chunked\r\n"
    private static let closeHeader: StaticString = "Connection: close\r\n"
    private static let keepAliveHeader: StaticString = "Connection: keep-alive\r\n"

    /// Module headers that go out as they are: not framing (the server's), and valid names.
    private static func isSent(_ name: String) -> Bool {
        !isFramingHeader(name) && isToken(name)
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
}

/// Copies bytes into memory the caller reserved and measured.
private struct HeadWriter {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    mutating func put(_ text: StaticString) {
        (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    mutating func put(_ text: String) {
        let target = base + count
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            if let source = bytes.baseAddress { target.update(from: source, count: bytes.count) }
            return bytes.count
        }
        if let copied {
            count += copied
        } else {
            for byte in text.utf8 {
                base[count] = byte
                count += 1
            }
        }
    }

    /// A value with CR, LF or NUL would let a module split the response; those bytes become spaces.
    mutating func putClean(_ text: String) {
        for byte in text.utf8 {
            base[count] = byte == 13 || byte == 10 || byte == 0 ? UInt8(ascii: " ") : byte
            count += 1
        }
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
