/// The one spelling of a request path that every filter, module, rewrite rule, handler mapping,
/// MapPath and the static handler see (docs/security.md, "Canonical request path").
///
/// Made once from the path as sent, the way http.sys canonicalises before IIS sees a request:
/// every `%XX` escape is decoded (upper- or lower-case hex), a backslash is a separator, runs of
/// separators collapse to one, `.` segments vanish and `..` removes the segment before it. What
/// cannot be made canonical is refused (`RequestError`), never passed on half-decoded.
public struct CanonicalPath: Sendable, Equatable, CustomStringConvertible {
    /// The decoded, normalised path: starts with `/`, no empty, `.` or `..` segments, no `\`.
    public let decoded: String
    /// `decoded` percent-encoded again where a URL needs it (space, `%`, `?`, `#`, controls,
    /// non-ASCII): the form rewrite rules and redirects work with. Unreserved characters are never
    /// escaped, so `/%70rivate` and `/private` have one encoded form too.
    public let encoded: String
    /// After one decoding the path still holds an escape (`%25` + hex, so `%2570` decodes to `%70`)
    /// or a `+`: a second normalisation would change it, which IIS request filtering calls double
    /// escaping (404.11 unless `allowDoubleEscaping`).
    public let isDoubleEscaped: Bool
    /// Any byte of the decoded path is outside ASCII (404.12 unless `allowHighBitCharacters`).
    public let hasHighBitCharacters: Bool

    public var description: String { decoded }

    /// The canonical form of `raw`, the path part of a request target as sent (no query).
    public init(raw: Substring) throws(RequestError) {
        // Fast path, most requests: nothing to decode or normalise, checked in one pass over the
        // bytes (four scans of a Substring's UTF-8 view cost about 1,000 instructions a path).
        if let scan = Self.scanCanonical(raw) {
            decoded = String(raw)
            encoded = scan.needsEncoding ? Self.encode(decoded) : decoded
            isDoubleEscaped = scan.hasPlus
            hasHighBitCharacters = scan.hasHighBit
            return
        }
        // `OPTIONS *` names the server, not a path: kept as it is (after the fast path, which
        // refuses anything not starting with `/`: a string comparison per request cost ~100).
        if raw == "*" {
            (decoded, encoded, isDoubleEscaped, hasHighBitCharacters) = ("*", "*", false, false)
            return
        }
        let bytes = try Self.decode(raw)
        var segments: [ArraySlice<UInt8>] = []
        var endsWithSeparator = false
        for segment in bytes.split(omittingEmptySubsequences: false, whereSeparator: Self.isSeparator) {
            switch segment.count {
            case 0:
                endsWithSeparator = true
                continue
            case 1 where segment.first == UInt8(ascii: "."):
                endsWithSeparator = true
                continue
            case 2 where segment.elementsEqual("..".utf8):
                guard segments.popLast() != nil else { throw .pathAboveRoot(String(raw)) }
                endsWithSeparator = true
                continue
            default:
                segments.append(segment)
                endsWithSeparator = false
            }
        }
        var path: [UInt8] = [UInt8(ascii: "/")]
        path.reserveCapacity(bytes.count + 1)
        for (index, segment) in segments.enumerated() {
            if index > 0 { path.append(UInt8(ascii: "/")) }
            path.append(contentsOf: segment)
        }
        if endsWithSeparator && !segments.isEmpty { path.append(UInt8(ascii: "/")) }
        // Invalid UTF-8 is repaired (U+FFFD), so the decoded and encoded forms agree byte for byte.
        decoded = String(decoding: path, as: UTF8.self)
        encoded = Self.encode(decoded)
        isDoubleEscaped = Self.holdsEscapeOrPlus(Array(decoded.utf8))
        hasHighBitCharacters = decoded.utf8.contains { $0 >= 0x80 }
    }

    /// What one pass over a path that is already canonical finds.
    private struct CanonicalScan {
        var needsEncoding = false
        var hasPlus = false
        var hasHighBit = false
    }

    /// Nil unless `raw` is canonical already: starts with `/`; no `%`, `\\`, NUL, `//`, or segment
    /// starting with `.` (so no `.` / `..`). Otherwise what `encode` and the flags need to know.
    private static func scanCanonical(_ raw: Substring) -> CanonicalScan? {
        var raw = raw
        return raw.withUTF8 { bytes -> CanonicalScan? in
            guard let first = bytes.first, first == UInt8(ascii: "/") else { return nil }
            var scan = CanonicalScan()
            var previous: UInt8 = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "%"), UInt8(ascii: "\\"), 0: return nil
                case UInt8(ascii: "/") where previous == UInt8(ascii: "/"): return nil
                case UInt8(ascii: ".") where previous == UInt8(ascii: "/"): return nil
                case UInt8(ascii: "+"): scan.hasPlus = true
                case 0x80...: scan.hasHighBit = true; scan.needsEncoding = true
                default: if !isPathCharacter(byte) { scan.needsEncoding = true }
                }
                previous = byte
            }
            return scan
        }
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\")
    }

    /// Decodes every `%XX`; a malformed escape or a NUL (sent or decoded) is refused.
    private static func decode(_ raw: Substring) throws(RequestError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            var value = byte
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(PercentEncoding.hexValue),
                      let low = iterator.next().flatMap(PercentEncoding.hexValue) else {
                    throw .malformedURL(String(raw))
                }
                value = high << 4 | low
            }
            guard value != 0 else { throw .nulInURL(String(raw)) }
            bytes.append(value)
        }
        return bytes
    }

    private static func holdsEscapeOrPlus(_ bytes: [UInt8]) -> Bool {
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "+") { return true }
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
               PercentEncoding.hexValue(bytes[index + 1]) != nil, PercentEncoding.hexValue(bytes[index + 2]) != nil {
                return true
            }
        }
        return false
    }

    /// Percent-encodes what may not stand in a URL path as it is (RFC 3986 `pchar` and `/` stay).
    static func encode(_ path: String) -> String {
        guard path.utf8.contains(where: { !isPathCharacter($0) }) else { return path }
        var result: [UInt8] = []
        result.reserveCapacity(path.utf8.count + 8)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in path.utf8 {
            if isPathCharacter(byte) {
                result.append(byte)
            } else {
                result.append(UInt8(ascii: "%"))
                result.append(hex[Int(byte >> 4)])
                result.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}
