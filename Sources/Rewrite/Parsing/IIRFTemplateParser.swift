/// Parses IIRF replacement strings and condition test strings into `Template`s.
///
/// IIRF semantics (Rewriter.c `ReplaceServerVariables` + `GenerateReplacementString`):
/// * `%{NAME}` is a server variable;
/// * `$N` / `*N` (the condition character) take all the digits that follow, so `$10` is group 10;
///   a group that does not exist or did not participate is empty;
/// * `${map:key|default}` looks `key` up (key and default are expanded themselves);
/// * a doubled `$` or condition character stands for itself;
/// * a replacement that is exactly `-` means the original request URI.
/// The `#L #U #l #u #E #X` operators are applied after expansion (see `IIRFConversions`).
struct IIRFTemplateParser {
    let conditionCharacter: UInt8

    func parse(_ bytes: ArraySlice<UInt8>) -> Template {
        let source = bytes.text
        if bytes.count == 1 && bytes.first == UInt8(ascii: "-") {
            return Template(parts: [.originalRequestURI], source: source)
        }
        return Template(parts: parts(bytes), source: source)
    }

    private func parts(_ bytes: ArraySlice<UInt8>) -> [Template.Part] {
        var builder = TemplateBuilder()
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let c = bytes[i]
            let next: UInt8? = i + 1 < end ? bytes[i + 1] : nil
            if c == UInt8(ascii: "%"), next == UInt8(ascii: "{"),
               let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")), close > i + 2 {
                builder.append(.variable(IIRFVariables.classify(bytes[(i + 2)..<close])))
                i = close + 1
                continue
            }
            let isReference = c == UInt8(ascii: "$") || c == conditionCharacter
            if isReference, let next, next.isDigit {
                var value = 0
                var j = i + 1
                while j < end, bytes[j].isDigit {
                    value = min(value * 10 + Int(bytes[j] - 0x30), 1_000_000)
                    j += 1
                }
                // IIRF skips log10(n)+1 digits: "$01" is group 1 followed by a literal "1".
                let consumed = value == 0 ? 1 : String(value).count
                builder.append(c == UInt8(ascii: "$") ? .ruleCapture(value) : .conditionCapture(value))
                i += 1 + consumed
                continue
            }
            if c == UInt8(ascii: "$"), next == UInt8(ascii: "{") {
                if let close = Self.matchingBrace(bytes, from: i + 2) {
                    builder.append(mapPart(bytes[(i + 2)..<close], whole: bytes[i...close]))
                    i = close + 1
                } else {
                    builder.append(byte: c)
                    i += 1
                }
                continue
            }
            if isReference, next == c {
                builder.append(byte: c)
                i += 2
                continue
            }
            builder.append(byte: c)
            i += 1
        }
        return builder.finished
    }

    /// `${name:key|default}`; with no name or key the text passes through unchanged.
    private func mapPart(_ spec: ArraySlice<UInt8>, whole: ArraySlice<UInt8>) -> Template.Part {
        var tokenizer = StrtokTokenizer(spec)
        guard let name = tokenizer.next(delimiters: [UInt8(ascii: ":")]),
              let key = tokenizer.next(delimiters: [UInt8(ascii: "|")]) else {
            return .literal(Array(whole))
        }
        let fallback = tokenizer.next(delimiters: [UInt8(ascii: "|")])
        return .map(MapLookup(mapName: name.text, key: parse(key),
                              fallback: fallback.map { parse($0) }, source: whole.text))
    }

    /// The `}` closing the `{` just before `start`, nested braces counted.
    static func matchingBrace(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                if depth == 0 { return index }
                depth -= 1
            default: break
            }
            index += 1
        }
        return nil
    }
}

/// C `strtok`: skips leading delimiters, returns the next token, continues after its delimiter.
struct StrtokTokenizer {
    private var rest: ArraySlice<UInt8>

    init(_ text: ArraySlice<UInt8>) { rest = text }

    mutating func next(delimiters: [UInt8]) -> ArraySlice<UInt8>? {
        var start = rest.startIndex
        while start < rest.endIndex && delimiters.contains(rest[start]) { start += 1 }
        guard start < rest.endIndex else {
            rest = rest[rest.endIndex...]
            return nil
        }
        var end = start
        while end < rest.endIndex && !delimiters.contains(rest[end]) { end += 1 }
        let token = rest[start..<end]
        rest = end < rest.endIndex ? rest[(end + 1)...] : rest[rest.endIndex...]
        return token
    }
}

/// Accumulates template parts, merging adjacent literal bytes.
struct TemplateBuilder {
    private(set) var parts: [Template.Part] = []
    private var pending: [UInt8] = []

    mutating func append(byte: UInt8) { pending.append(byte) }

    mutating func append(bytes: some Sequence<UInt8>) { pending.append(contentsOf: bytes) }

    mutating func append(_ part: Template.Part) {
        flush()
        if case .literal(let bytes) = part {
            pending = bytes
        } else {
            parts.append(part)
        }
    }

    private mutating func flush() {
        if !pending.isEmpty {
            parts.append(.literal(pending))
            pending = []
        }
    }

    var finished: [Template.Part] {
        var copy = self
        copy.flush()
        return copy.parts
    }
}
