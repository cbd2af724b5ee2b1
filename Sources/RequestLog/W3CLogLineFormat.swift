import Foundation

/// Formats W3C log lines as bytes, straight into a buffer the caller reuses: no `String` per
/// field, no array of fields, no `joined`. `W3CLogEntry.line` and `W3CLogWriter` both use it, so
/// there is one formatting of a line.
struct W3CLogLineFormat {
    /// `date time ` (with the trailing space) of the last second formatted: every request within
    /// one second shares it, so `gmtime_r` runs about once per second.
    private var cachedSecond = Int.min
    private var cachedPrefix: [UInt8] = []

    /// Appends `entry`'s line and CRLF to `out`.
    mutating func append(_ entry: W3CLogEntry, to out: inout [UInt8]) {
        let second = Int(entry.time.timeIntervalSince1970.rounded(.down))
        if second != cachedSecond {
            cachedSecond = second
            let (date, clock) = W3CLogEntry.dateAndTime(entry.time)
            cachedPrefix = Array("\(date) \(clock) ".utf8)
        }
        out.append(contentsOf: cachedPrefix)
        Self.appendBody(entry, to: &out)
        out.append(13)
        out.append(10)
    }

    /// Every field after `date time`, separated by spaces, without the line end.
    static func appendBody(_ entry: W3CLogEntry, to out: inout [UInt8]) {
        appendField(entry.serverIP, to: &out)
        out.append(space)
        appendField(entry.method, to: &out)
        out.append(space)
        appendField(entry.uriStem, isURL: true, to: &out)
        out.append(space)
        appendField(entry.uriQuery, isURL: true, to: &out)
        out.append(space)
        appendDecimal(entry.serverPort, to: &out)
        out.append(space)
        appendField(entry.userName, to: &out)
        out.append(space)
        appendField(entry.clientIP, to: &out)
        out.append(space)
        appendField(entry.userAgent, to: &out)
        out.append(space)
        appendField(entry.referer, to: &out)
        out.append(space)
        appendDecimal(Int(entry.status), to: &out)
        out.append(space)
        appendDecimal(entry.subStatus, to: &out)
        out.append(space)
        appendDecimal(Int(entry.win32Status), to: &out)
        out.append(space)
        appendDecimal(Int(entry.timeTaken), to: &out)
    }

    private static let space = UInt8(ascii: " ")
    private static let hexDigits: StaticString = "0123456789ABCDEF"

    /// One field as IIS writes it (see `W3CLogEntry.field`).
    static func appendField(_ value: String, isURL: Bool = false, to out: inout [UInt8]) {
        // Read in place (native and small strings); `withUTF8` on a copy retained each field.
        if value.utf8.withContiguousStorageIfAvailable({ appendField(bytes: $0, isURL: isURL, to: &out) }) != nil { return }
        var value = value
        value.withUTF8 { appendField(bytes: $0, isURL: isURL, to: &out) }
    }

    private static func appendField(bytes: UnsafeBufferPointer<UInt8>, isURL: Bool, to out: inout [UInt8]) {
        guard !bytes.isEmpty else {
            out.append(UInt8(ascii: "-"))
            return
        }
        guard bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F || (isURL && $0 >= 0x80) }) else {
            out.append(contentsOf: bytes)
            return
        }
        let hex = hexDigits.utf8Start
        for byte in bytes {
            if byte == 0x20 {
                out.append(UInt8(ascii: "+"))
            } else if byte < 0x20 || byte == 0x7F || (isURL && byte >= 0x80) {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            } else {
                out.append(byte)
            }
        }
    }

    /// The decimal digits of `value` (a minus sign first when negative).
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }
}
