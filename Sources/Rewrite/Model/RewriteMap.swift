/// A `RewriteMap`: text (`txt`), random (`rnd`) or, in mod_rewrite, an internal function (`int`).
///
/// Text keys are kept sorted as bytes so a lookup is a binary search over the expanded key in the
/// evaluator's buffer, with no allocation.
final class RewriteMap: Sendable {
    enum Kind: Sendable, Equatable {
        /// `txt:file`: the value for the key.
        case text
        /// `rnd:file`: one of the `|`-separated values, chosen at random.
        case random
        /// mod_rewrite `int:name`.
        case function(MapFunction)
    }

    enum MapFunction: String, Sendable, Equatable {
        case toupper, tolower, escape, unescape
        /// IIS `{UrlEncode:}`: form encoding (space as `+`).
        case urlEncode
        /// IIS `{UrlDecode:}`: `%XX` and `+` decoded.
        case urlDecode
        /// IIS `{EscapeDataString:}`: RFC 3986 escaping of everything but unreserved characters.
        case escapeDataString
        /// IIS `{HtmlEncode:}`: `<`, `>`, `&`, `"` and `'` as HTML character references.
        case htmlEncode
    }

    struct Entry: Sendable {
        let key: [UInt8]
        /// One value for `txt`; the alternatives for `rnd`.
        let values: [[UInt8]]
    }

    let name: String
    let kind: Kind
    /// IIRF compares keys case-insensitively (`_strcmpi`); mod_rewrite exactly.
    let caseInsensitive: Bool
    /// Sorted by key (folded to lower case when `caseInsensitive`); among equal keys the first
    /// one in the file comes first, and is the one found.
    let entries: [Entry]
    /// The map file (nil for internal functions), watched for changes with the rules file.
    let file: String?

    init(name: String, kind: Kind, caseInsensitive: Bool, entries: [Entry], file: String?) {
        self.name = name
        self.kind = kind
        self.caseInsensitive = caseInsensitive
        self.file = file
        let folded = entries.enumerated().map { index, entry in
            (index: index, entry: caseInsensitive ? Entry(key: entry.key.map(asciiLowercased), values: entry.values) : entry)
        }
        self.entries = folded.sorted { a, b in
            let order = compareBytes(a.entry.key[...], b.entry.key[...])
            return order != 0 ? order < 0 : a.index < b.index
        }.map(\.entry)
    }

    /// The index of the first entry whose key equals `key`, or nil.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if compare(entries[middle].key, key) < 0 { low = middle + 1 } else { high = middle }
        }
        guard low < entries.count, compare(entries[low].key, key) == 0 else { return nil }
        return low
    }

    private func compare(_ stored: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Int {
        let count = min(stored.count, key.count)
        for index in 0..<count {
            let a = stored[index]
            let b = caseInsensitive ? asciiLowercased(key[index]) : key[index]
            if a != b { return a < b ? -1 : 1 }
        }
        return stored.count == key.count ? 0 : (stored.count < key.count ? -1 : 1)
    }
}

@inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
}

@inline(__always)
func asciiUppercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x61 && byte <= 0x7A ? byte - 32 : byte
}

/// -1, 0, 1 like `memcmp`, shorter-is-smaller on a common prefix.
func compareBytes(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
    var i = a.startIndex
    var j = b.startIndex
    while i < a.endIndex && j < b.endIndex {
        if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
        i += 1
        j += 1
    }
    if i == a.endIndex && j == b.endIndex { return 0 }
    return i == a.endIndex ? -1 : 1
}
