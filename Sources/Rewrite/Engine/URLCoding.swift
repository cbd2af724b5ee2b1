import Pipeline

/// The percent-encoding rules of both dialects, as byte-level functions that append to a buffer.
enum URLCoding {
    // MARK: IIRF (UrlDecoder.c)

    /// IIRF encodes (and decodes only) these: `%="<>\^[]`+$,@:;/!#?&'`, bytes 1...32 and 124...255.
    static let iirfEncodable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "%=\"<>\\^[]`+$,@:;/!#?&'".utf8 { table[Int(byte)] = true }
        for byte in 1...32 { table[byte] = true }
        for byte in 124...255 { table[byte] = true }
        return table
    }()

    /// IIRF `UrlDecode`: `%XX` becomes the byte only when that byte is one IIRF would encode, and not
    /// right after another `%`; everything else is kept as it is.
    static func iirfDecode(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        let count = source.count
        while index < count {
            let byte = source[index]
            if byte == UInt8(ascii: "%"), index + 2 < count, index == 0 || source[index - 1] != UInt8(ascii: "%"),
               let high = hexValue(source[index + 1]), let low = hexValue(source[index + 2]),
               iirfEncodable[Int(high << 4 | low)], high << 4 | low != 0 {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
    }

    /// IIRF `UrlEncode` (`#X...#E`): `%XX` with upper-case hex for the encodable bytes.
    static func iirfEncode(_ byte: UInt8, into output: inout [UInt8]) {
        if iirfEncodable[Int(byte)] {
            output.append(UInt8(ascii: "%"))
            output.append(upperHex[Int(byte >> 4)])
            output.append(upperHex[Int(byte & 0xF)])
        } else {
            output.append(byte)
        }
    }

    // MARK: Apache httpd (server/util.c, mod_rewrite.c)

    /// `ap_escape_uri` (T_OS_ESCAPE_PATH): everything but letters, digits and `$-_.+!*'(),:;@&=/~`,
    /// as `%xx` with lower-case hex.
    static let apachePathSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in "$-_.+!*'(),:;@&=/~".utf8 { table[Int(byte)] = true }
        return table
    }()

    static func apacheEscapePath(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        for byte in source {
            if apachePathSafe[Int(byte)] { output.append(byte) } else { appendLowerEscape(byte, into: &output) }
        }
    }

    /// mod_rewrite `escape_backref` (`[B]`): letters, digits and `_` kept, space as `+` (unless
    /// `[BNP]`), the rest `%xx`; with `[B=chars]` only those bytes are escaped.
    static func apacheEscapeBackreference(_ source: UnsafeBufferPointer<UInt8>, only: [UInt8]?, noPlus: Bool,
                                          into output: inout [UInt8]) {
        for byte in source {
            let escape: Bool
            if let only {
                escape = only.contains(byte)
            } else {
                escape = !(isAlphanumeric(byte) || byte == UInt8(ascii: "_"))
            }
            if !escape {
                output.append(byte)
            } else if byte == UInt8(ascii: " ") && !noPlus {
                output.append(UInt8(ascii: "+"))
            } else {
                appendLowerEscape(byte, into: &output)
            }
        }
    }

    /// `ap_unescape_url` as the `int:unescape` map uses it: every valid `%XX` is decoded, invalid
    /// ones are kept; a decoded NUL ends the string.
    static func apacheUnescape(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "%"), index + 2 < source.count,
               let high = hexValue(source[index + 1]), let low = hexValue(source[index + 2]) {
                let decoded = high << 4 | low
                if decoded == 0 { return }
                output.append(decoded)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
    }

    /// mod_rewrite `is_absolute_uri`: the length of `scheme://` (or `mailto:`, `news:`), 0 for a
    /// path; `queryAllowed` tells whether the scheme takes a query string.
    static func apacheSchemeLength(_ uri: UnsafeBufferPointer<UInt8>) -> (length: Int, queryAllowed: Bool) {
        guard uri.count > 5, uri[0] != UInt8(ascii: "/") else { return (0, false) }
        for (scheme, query) in schemes where scheme.count <= uri.count {
            var matches = true
            for (offset, expected) in scheme.enumerated() where asciiLowercased(uri[offset]) != expected {
                matches = false
                break
            }
            if matches { return (scheme.count, query) }
        }
        return (0, false)
    }

    private static let schemes: [([UInt8], Bool)] = [
        ("ajp://", true), ("balancer://", true), ("ftp://", false), ("fcgi://", true), ("gopher://", false),
        ("http://", true), ("https://", true), ("h2://", true), ("h2c://", true), ("ldap://", false),
        ("mailto:", true), ("news:", false), ("nntp://", false), ("scgi://", true), ("ws://", true), ("wss://", true),
    ].map { (Array($0.0.utf8), $0.1) }

    /// mod_rewrite `escape_absolute_uri`: keeps `scheme://host/` and escapes the rest as a path
    /// (ldap URLs have their `?` parts escaped one by one).
    static func apacheEscapeAbsolute(_ uri: UnsafeBufferPointer<UInt8>, schemeLength: Int, into output: inout [UInt8]) {
        var cut = schemeLength
        if schemeLength > 0, uri[schemeLength - 1] == UInt8(ascii: "/") {
            while cut < uri.count && uri[cut] != UInt8(ascii: "/") { cut += 1 }
            if cut >= uri.count || cut + 1 >= uri.count {
                output.append(contentsOf: uri)
                return
            }
            cut += 1
            if asciiLowercased(uri[0]) == UInt8(ascii: "l") {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: uri[..<cut]))
                var start = cut
                var parts = 0
                for index in cut..<uri.count where uri[index] == UInt8(ascii: "?") && parts < 4 {
                    apacheEscapePath(UnsafeBufferPointer(rebasing: uri[start..<index]), into: &output)
                    output.append(UInt8(ascii: "?"))
                    start = index + 1
                    parts += 1
                }
                apacheEscapePath(UnsafeBufferPointer(rebasing: uri[start...]), into: &output)
                return
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: uri[..<cut]))
        apacheEscapePath(UnsafeBufferPointer(rebasing: uri[cut...]), into: &output)
    }

    // MARK: Shared

    /// Percent-encodes what the pipeline would decode or misread in a path: `%`, `?`, `#`, spaces,
    /// controls and non-ASCII bytes. Used to hand a decoded path back as a URL.
    static func encodePathForURL(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        for byte in source {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0...0x20, 0x7F...0xFF:
                output.append(UInt8(ascii: "%"))
                output.append(upperHex[Int(byte >> 4)])
                output.append(upperHex[Int(byte & 0xF)])
            default:
                output.append(byte)
            }
        }
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8? { PercentEncoding.hexValue(c) }

    @inline(__always)
    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    private static let upperHex = Array("0123456789ABCDEF".utf8)
    private static let lowerHex = Array("0123456789abcdef".utf8)

    private static func appendLowerEscape(_ byte: UInt8, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "%"))
        output.append(lowerHex[Int(byte >> 4)])
        output.append(lowerHex[Int(byte & 0xF)])
    }
}

// MARK: IIS URL Rewrite functions

extension URLCoding {
    /// `{UrlEncode:}` (as .NET's form encoding): letters, digits and `-_.!*()` stay, a space becomes
    /// `+`, everything else `%xx` (lower-case hex).
    static func formEncode(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        for byte in source {
            if isAlphanumeric(byte) || "-_.!*()".utf8.contains(byte) {
                output.append(byte)
            } else if byte == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "+"))
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(lowerHexDigits[Int(byte >> 4)])
                output.append(lowerHexDigits[Int(byte & 0xF)])
            }
        }
    }

    /// `{UrlDecode:}`: `%xx` becomes the byte and `+` a space; a `%` that starts no escape stays.
    static func formDecode(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "%"), index + 2 < source.count, let high = hexValue(source[index + 1]),
               let low = hexValue(source[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
    }

    /// `{EscapeDataString:}` (RFC 3986): only the unreserved `A-Z a-z 0-9 -._~` stay; the rest is
    /// `%XX` (upper-case hex).
    static func escapeDataString(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        for byte in source {
            if isAlphanumeric(byte) || "-._~".utf8.contains(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(upperHexDigits[Int(byte >> 4)])
                output.append(upperHexDigits[Int(byte & 0xF)])
            }
        }
    }

    /// IIS `{HtmlEncode:}` (.NET's HttpUtility.HtmlEncode): the five characters that can end an
    /// attribute or start markup become character references.
    static func htmlEncode(_ source: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        for byte in source {
            switch byte {
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
            default: output.append(byte)
            }
        }
    }

    private static let lowerHexDigits = Array("0123456789abcdef".utf8)
    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)
}
