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
        // combining mark follows), found in the contiguous bytes: the UTF8View's generic
        // `firstIndex` cost about 225 instructions for a short path, and this runs two or three
        // times a request.
        var bytes = target
        guard let offset = bytes.withUTF8({ $0.firstIndex(of: UInt8(ascii: "?")) }) else { return (target[...], "") }
        let mark = target.utf8.index(target.utf8.startIndex, offsetBy: offset)
        return (target[..<mark], target[target.utf8.index(after: mark)...])
    }
}
