/// A response head that must not reach the wire: a header name that is not an RFC 9110 token, a
/// value or reason phrase with CR, LF or NUL (which would split the message: response splitting),
/// or a framing header the writer cannot honour.
public struct HeaderViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case nameNotToken
        case lineBreakInValue
        case lineBreakInReason
        case conflictingFraming(String)
    }

    /// The header name as set (the reason phrase: `status`).
    public var name: String
    public var problem: Problem

    public var description: String {
        switch problem {
        case .nameNotToken: "header name '\(Self.printable(name))' is not a valid token"
        case .lineBreakInValue: "header '\(Self.printable(name))' has a CR, LF or NUL byte in its value"
        case .lineBreakInReason: "the status line's reason phrase has a CR, LF or NUL byte"
        case .conflictingFraming(let detail): "framing header '\(name)': \(detail)"
        }
    }

    /// For log lines: control bytes as `\r`, `\n`, `\0` or `\xNN`.
    static func printable(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 13: out += "\\r"
            case 10: out += "\\n"
            case 0: out += "\\0"
            case 0..<32, 127: out += "\\x" + String(byte, radix: 16)
            default: out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}
