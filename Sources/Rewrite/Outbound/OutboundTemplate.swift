/// An outbound rule's `value` or a pre-condition's `input`: literal text, `{R:n}` (a group of the
/// rule's match), and `{NAME}`: `RESPONSE_X_Y` is the response header `X-Y`, `RESPONSE_STATUS` the
/// status, anything else a server variable. `{C:n}` is empty (outbound `<conditions>` are not
/// supported). A brace without its partner is literal.
struct OutboundTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal([UInt8])
        case capture(Int)
        case variable(String)
        case empty
    }

    let parts: [Part]
    let source: String

    /// Parses `text`; `problems` gets what is not supported (functions, maps).
    init(_ text: String, problems: inout [String]) {
        source = text
        var parts: [Part] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "}")) else {
                literal.append(bytes[index])
                index += 1
                continue
            }
            if !literal.isEmpty { parts.append(.literal(literal)); literal = [] }
            let inner = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
            let upper = inner.uppercased()
            if upper.hasPrefix("R:"), let n = Int(inner.dropFirst(2)) {
                parts.append(.capture(n))
            } else if upper.hasPrefix("C:"), Int(inner.dropFirst(2)) != nil {
                problems.append("{\(inner)}: outbound rules have no conditions here; it expands to nothing")
                parts.append(.empty)
            } else if inner.contains(":") {
                problems.append("{\(inner)}: functions and rewrite maps are not supported in outbound rules; it expands to nothing")
                parts.append(.empty)
            } else {
                parts.append(.variable(upper))
            }
            index = close + 1
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }
}
