/// Parses IIS URL Rewrite strings (`url`, condition `input`, `<set value>`): `{R:n}` and `{C:n}`
/// back-references, `{NAME}` server variables, `{Function:arg}` and `{MapName:key}`, where the
/// argument may itself contain braces (`{ToLower:{R:1}}`). A brace without its partner is literal.
struct IISTemplateParser {
    /// Declared rewrite maps by lower-cased name, with the name as declared and the default value.
    let maps: [String: (name: String, defaultValue: String)]
    /// Problems found (an unknown function or map), for the compiler's warnings.
    private(set) var problems: [String] = []

    /// The functions IIS offers, by lower-cased name, and the map function that implements each.
    static let functions: [String: RewriteMap.MapFunction] = [
        "tolower": .tolower, "urlencode": .urlEncode, "urldecode": .urlDecode, "escapedatastring": .escapeDataString,
        "htmlencode": .htmlEncode,
    ]

    init(maps: [String: (name: String, defaultValue: String)]) {
        self.maps = maps
    }

    mutating func parse(_ text: String) -> Template {
        let bytes = Array(text.utf8)
        return Template(parts: parse(bytes[...]), source: text)
    }

    private mutating func parse(_ bytes: ArraySlice<UInt8>) -> [Template.Part] {
        var builder = TemplateBuilder()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "{"), let close = Self.closingBrace(bytes, from: index + 1) else {
                builder.append(byte: byte)
                index += 1
                continue
            }
            builder.append(reference(bytes[(index + 1)..<close], written: bytes[index...close]))
            index = close + 1
        }
        return builder.finished
    }

    /// One `{...}` body.
    private mutating func reference(_ body: ArraySlice<UInt8>, written: ArraySlice<UInt8>) -> Template.Part {
        guard let colon = body.firstIndex(of: UInt8(ascii: ":")) else {
            let name = String(decoding: body, as: UTF8.self)
            return .variable(Variable(kind: .serverOrAssigned(name.uppercased()), name: name))
        }
        let head = String(decoding: body[..<colon], as: UTF8.self)
        let argument = body[(colon + 1)...]
        let lower = head.lowercased()
        if lower == "r" || lower == "c", let group = Int(String(decoding: argument, as: UTF8.self)), group >= 0 {
            return lower == "r" ? .ruleCapture(group) : .conditionCapture(group)
        }
        let key = Template(parts: parse(argument), source: String(decoding: argument, as: UTF8.self))
        let source = String(decoding: written, as: UTF8.self)
        if Self.functions[lower] != nil {
            return .map(MapLookup(mapName: Self.functionMapName(lower), key: key, fallback: nil, source: source))
        }
        if let map = maps[lower] {
            let fallback = Template(parts: map.defaultValue.isEmpty ? [] : [.literal(Array(map.defaultValue.utf8))],
                                    source: map.defaultValue)
            return .map(MapLookup(mapName: map.name, key: key, fallback: fallback, source: source))
        }
        problems.append("'\(source)' names no rewrite map or function (ToLower, UrlEncode, UrlDecode, EscapeDataString); it expands to nothing")
        return .literal([])
    }

    /// The internal map that implements function `lowerName` (not a name a `<rewriteMap>` can have).
    static func functionMapName(_ lowerName: String) -> String { "{function}" + lowerName }

    /// The `}` that closes the brace opened just before `start`, counting nested braces.
    private static func closingBrace(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var depth = 1
        var index = start
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "{") { depth += 1 }
            if bytes[index] == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }
}
