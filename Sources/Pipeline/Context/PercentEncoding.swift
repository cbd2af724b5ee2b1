/// Hex digits of `%XX` escapes and the splitting of a request target into path and query.
public enum PercentEncoding {
    /// The value of one hexadecimal digit, or nil.
    @inlinable @inline(__always)
    public static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Splits `/a/b?x=1` into (`/a/b`, `x=1`); the query is empty when there is no `?`.
    static func split(target: String) -> (path: Substring, query: Substring) {
        // The first '?' byte (a Character search is slower, and would miss a '?' that a
        // combining mark follows).
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            return (target[..<mark], target[target.index(after: mark)...])
        }
        return (target[...], "")
    }
}
