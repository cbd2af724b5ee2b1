/// The one writer of HTTP/1.1 response heads, for every path: the server's plain responses, heads
/// serialized for SEND_RAW_DATA filters, heads a filter sends with SEND_RESPONSE_HEADER, and the
/// server's own protocol answers.
///
/// * Framing is the writer's: `Content-Length`, `Transfer-Encoding` and `Connection` among the
///   head's headers are never copied; exactly one framing header is written, from `BodyFraming`,
///   and `Connection` from the keep-alive decision. Two framing headers cannot happen.
/// * `violation(in:)` is the check every caller makes before writing; the writer itself, as a last
///   guard, writes CR, LF and NUL in values as spaces and skips names that are not tokens, so
///   nothing that splits a message reaches the wire whatever the caller did. A list whose
///   `mayHoldUnsendable` is false (kept by every change `HeaderList` allows) is copied as it is.
///
/// The head is measured first and then copied in one pass into memory the caller reserved: this
/// runs once per response, and per-piece buffer writes showed up in profiles.
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

    /// The first problem that would keep `head` off the wire, or nil when it may be written.
    public static func violation(in head: ResponseHead) -> HeaderViolation? {
        if head.reason.utf8.contains(where: isLineBreak) { return HeaderViolation(name: "status", problem: .lineBreakInReason) }
        if let violation = violation(in: head.fields) { return violation }
        if let server = head.server, !isSendable(name: "Server", value: server) {
            return HeaderViolation(name: "Server", problem: .lineBreakInValue)
        }
        return nil
    }

    static func violation(in headers: HeaderList) -> HeaderViolation? {
        guard headers.mayHoldUnsendable else { return nil }
        for (name, value) in headers {
            if !isToken(name) { return HeaderViolation(name: name, problem: .nameNotToken) }
            if value.utf8.contains(where: isLineBreak) { return HeaderViolation(name: name, problem: .lineBreakInValue) }
        }
        return nil
    }

    /// Status line, `Date` (unless the head has one), the head's headers, framing and `Connection`
    /// as `keepAlive` requires, then the blank line.
    public static func head(_ head: ResponseHead, keepAlive: Bool, date: String = HTTPDate.now()) -> [UInt8] {
        self.head(head, framing: BodyFraming(for: head), keepAlive: keepAlive, date: date)
    }

    package static func head(_ head: ResponseHead, framing: BodyFraming, keepAlive: Bool, date: String) -> [UInt8] {
        let layout = HeadLayout(head, framing: framing, keepAlive: keepAlive, date: date)
        return [UInt8](unsafeUninitializedCapacity: layout.size) { buffer, count in
            count = layout.write(into: buffer.baseAddress!)
        }
    }

    /// One chunk of a chunked body (empty input gives nothing: an empty chunk would end the body).
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        return chunkHeader(bytes.count) + bytes + [13, 10]
    }

    package static func chunkHeader(_ count: Int) -> [UInt8] { Array("\(String(count, radix: 16))\r\n".utf8) }

    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// Sets the framing of serialized head bytes a SEND_RAW_DATA filter may have edited: every
    /// `Content-Length` and `Transfer-Encoding` line goes, and the one line `framing` needs
    /// (`Content-Length: n`, `Transfer-Encoding: chunked`) takes the place of the first of them, or
    /// goes before the blank line. `.untilClose` also replaces any `Connection` line with
    /// `Connection: close`. One framing header, whatever the filter did.
    static func reframing(_ head: [UInt8], as framing: BodyFraming) -> [UInt8] {
        let text = String(decoding: head, as: UTF8.self)
        let framingLine: String? = switch framing {
        case .length(let length): "Content-Length: \(length)"
        case .chunked: "Transfer-Encoding: chunked"
        case .untilClose: "Connection: close"
        case .none, .byWriter: nil
        }
        var lines: [String] = []
        var placed = framingLine == nil
        for line in text.crlfLines() {
            let lower = line.lowercased()
            let replaced = lower.hasPrefix("transfer-encoding:") || lower.hasPrefix("content-length:")
                || (framing == .untilClose && lower.hasPrefix("connection:"))
            guard replaced else {
                lines.append(line)
                continue
            }
            if !placed, let framingLine { lines.append(framingLine) }
            placed = true
        }
        if !placed, let framingLine, let blank = lines.firstIndex(of: ""), blank > 0 {
            lines.insert(framingLine, at: blank)
        }
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static func isLineBreak(_ byte: UInt8) -> Bool { byte == 13 || byte == 10 || byte == 0 }

    /// Whether one header may be written as it is: a token name and no CR, LF or NUL in the value.
    /// Both read in place (`withContiguousStorageIfAvailable`: native and small strings), not
    /// through a copy that `withUTF8` would retain and release; this runs for every header added.
    static func isSendable(name: String, value: String) -> Bool {
        guard isToken(name) else { return false }
        return value.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains(where: isLineBreak) }
            ?? !value.utf8.contains(where: isLineBreak)
    }

    /// Header names are RFC 9110 tokens; anything else would corrupt the message.
    static func isToken(_ name: String) -> Bool {
        guard !name.utf8.isEmpty else { return false }
        return name.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where !isTokenByte(byte) { return false }
            return true
        } ?? name.utf8.allSatisfy(isTokenByte)
    }

    /// `tchar` of RFC 9110: visible ASCII except the separators, as a bit set over 0-127.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte < 64 ? tokenLow & (1 << UInt64(byte)) != 0 : byte < 128 && tokenHigh & (1 << UInt64(byte - 64)) != 0
    }

    /// Bytes 0-63 and 64-127 that are `tchar` (visible ASCII except `"(),/:;<=>?@[\]{}`);
    /// literals, so the check needs no lazy initialisation (`TokenTests` rebuilds them).
    static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// The writer's own headers: never copied from the head.
    static func isFramingHeader(_ name: String) -> Bool {
        switch name.utf8.count {
        case 10: HeaderName.equal(name, "connection")
        case 14: HeaderName.equal(name, "content-length")
        case 17: HeaderName.equal(name, "transfer-encoding")
        default: false
        }
    }
}

/// A head measured for one exact-size copy: reserve `size` bytes, then `write(into:)`.
package struct HeadLayout {
    let head: ResponseHead
    let status: String
    let length: String?
    let chunked: Bool
    let connection: StaticString?
    let date: String?
    /// The head's headers are known to be sendable: no per-byte guard while copying them.
    let checked: Bool
    package let size: Int

    package init(_ head: ResponseHead, framing: BodyFraming, keepAlive: Bool, date: String) {
        self.head = head
        let code = (100...999).contains(head.status) ? head.status : 500
        status = String(code)
        length = if case .length(let count) = framing { String(count) } else { nil }
        chunked = framing == .chunked
        let keepAlive = keepAlive && !framing.endsWithClose
        connection = !keepAlive ? "Connection: close\r\n" : (head.version == .http1_0 ? "Connection: keep-alive\r\n" : nil)
        var sawDate = false
        var size = 9 + status.utf8.count + 1 + head.reason.utf8.count + 2  // "HTTP/1.1 200 OK\r\n"
        let checked = !head.fields.mayHoldUnsendable
        self.checked = checked
        for (name, value) in head.fields where Self.isSent(name, checked: checked) {
            if !sawDate && name.utf8.count == 4 && HeaderName.equal(name, "date") { sawDate = true }
            size += name.utf8.count + 2 + value.utf8.count + 2
        }
        if let server = head.server { size += 10 + server.utf8.count }  // "Server: x\r\n"
        self.date = sawDate ? nil : date
        if let date = self.date { size += 8 + date.utf8.count }
        if let length { size += 18 + length.utf8.count }
        if chunked { size += 28 }  // "Transfer-Encoding: chunked\r\n"
        if let connection { size += connection.utf8CodeUnitCount }
        self.size = size + 2
    }

    /// `checked`: every name is known to be a token already (the list's own mark).
    static func isSent(_ name: String, checked: Bool) -> Bool {
        !HTTPResponseSerializer.isFramingHeader(name) && (checked || HTTPResponseSerializer.isToken(name))
    }

    package func write(into base: UnsafeMutablePointer<UInt8>) -> Int {
        var out = HeadWriter(base: base)
        out.put("HTTP/1.1 ")
        out.put(status)
        out.put(" ")
        out.putClean(head.reason)
        out.put("\r\n")
        for (name, value) in head.fields where Self.isSent(name, checked: checked) {
            out.put(name)
            out.put(": ")
            if checked { out.put(value) } else { out.putClean(value) }
            out.put("\r\n")
        }
        if let server = head.server {
            out.put("Server: ")
            out.putClean(server)
            out.put("\r\n")
        }
        if let date {
            out.put("Date: ")
            out.put(date)
            out.put("\r\n")
        }
        if let length {
            out.put("Content-Length: ")
            out.put(length)
            out.put("\r\n")
        }
        if chunked { out.put("Transfer-Encoding: chunked\r\n") }
        if let connection { out.put(connection) }
        out.put("\r\n")
        assert(out.count == size)
        return out.count
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

    /// The last guard: CR, LF and NUL never reach the wire (callers reject them first).
    mutating func putClean(_ text: String) {
        var text = text
        let target = base + count
        count += text.withUTF8 { bytes in
            for index in 0..<bytes.count {
                let byte = bytes[index]
                target[index] = HTTPResponseSerializer.isLineBreak(byte) ? UInt8(ascii: " ") : byte
            }
            return bytes.count
        }
    }
}

/// Case-insensitive ASCII comparison of header names.
package enum HeaderName {
    /// `lowercase` must already be lower case.
    package static func equal(_ name: String, _ lowercase: StaticString) -> Bool {
        let other = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        guard name.utf8.count == other.count else { return false }
        return name.utf8.elementsEqual(other) { ($0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0) == $1 }
    }
}

extension String {
    /// Splits on CRLF only (a lone CR or LF stays in the line).
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
