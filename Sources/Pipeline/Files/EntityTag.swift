/// The `ETag` of a file, and the comparisons `If-None-Match`, `If-Match` and `If-Range` need
/// (RFC 9110 §8.8.3, §13.1).
package enum EntityTag {
    /// IIS's shape, a quoted hex timestamp, a colon and a number: here the last write time as a
    /// Windows FILETIME (100 ns since 1601) and the size in hex. IIS puts a configuration change
    /// number after the colon; the size makes a file rewritten within one timestamp tick (or
    /// copied with its time kept) a different entity.
    static func of(_ identity: CachedFile.Identity) -> String {
        let filetime = (UInt64(max(0, identity.modifiedSeconds)) + 11_644_473_600) * 10_000_000
            + UInt64(max(0, identity.modifiedNanoseconds)) / 100
        return "\"" + String(filetime, radix: 16) + ":" + String(identity.size, radix: 16) + "\""
    }

    /// Whether a list of entity tags (`If-None-Match`, `If-Match`) names `etag`, or is `*`.
    /// `weak`: `W/"x"` matches `"x"` (If-None-Match); strong: a weak tag never matches (If-Match).
    package static func list(_ header: String, matches etag: String, weak: Bool) -> Bool {
        var rest = header[...]
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            guard !rest.isEmpty else { return false }
            if rest.first == "*" { return true }
            var isWeak = false
            if rest.hasPrefix("W/") {
                isWeak = true
                rest = rest.dropFirst(2)
            }
            guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return false }
            let tag = rest[rest.startIndex...close]
            if tag == etag[...], weak || !isWeak { return true }
            rest = rest[rest.index(after: close)...]
        }
    }
}
