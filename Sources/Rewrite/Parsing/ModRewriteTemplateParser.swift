/// Parses mod_rewrite substitutions and test strings (mod_rewrite.c `do_expand`), in one pass:
/// `\c` is a literal `c`; `$N` / `%N` (one digit) are rule / condition groups; `%{VAR}` is a
/// variable; `${map:key|default}` a map lookup (key and default expanded; the default is used only
/// when it is not empty). Unclosed braces and anything else are literal.
enum ModRewriteTemplateParser {
    static func parse(_ bytes: ArraySlice<UInt8>) -> Template {
        var builder = TemplateBuilder()
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let c = bytes[i]
            let next: UInt8? = i + 1 < end ? bytes[i + 1] : nil
            if c == UInt8(ascii: "\\") {
                if let next {
                    builder.append(byte: next)
                    i += 2
                } else {
                    builder.append(byte: c)
                    i += 1
                }
                continue
            }
            guard c == UInt8(ascii: "$") || c == UInt8(ascii: "%"), let next else {
                builder.append(byte: c)
                i += 1
                continue
            }
            if next == UInt8(ascii: "{") {
                guard let close = closingBrace(bytes, from: i + 2) else {
                    builder.append(bytes: bytes[i...(i + 1)])
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "%") {
                    builder.append(.variable(ModRewriteVariables.classify(bytes[(i + 2)..<close])))
                    i = close + 1
                } else if let colon = character(UInt8(ascii: ":"), in: bytes[(i + 2)..<close]) {
                    let keyRegion = bytes[(colon + 1)..<close]
                    let bar = character(UInt8(ascii: "|"), in: keyRegion)
                    let key = bytes[(colon + 1)..<(bar ?? close)]
                    let fallback = bar.map { bytes[($0 + 1)..<close] }
                    builder.append(.map(MapLookup(mapName: bytes[(i + 2)..<colon].text, key: parse(key),
                                                  fallback: fallback.map { parse($0) }, source: bytes[i...close].text)))
                    i = close + 1
                } else {
                    builder.append(bytes: bytes[i...(i + 1)])
                    i += 2
                }
                continue
            }
            if next.isDigit {
                let group = Int(next - 0x30)
                builder.append(c == UInt8(ascii: "$") ? .ruleCapture(group) : .conditionCapture(group))
                i += 2
                continue
            }
            builder.append(byte: c)
            i += 1
        }
        return Template(parts: builder.finished, source: bytes.text)
    }

    /// `find_closing_curly`: the `}` that closes the brace opened just before `start`.
    private static func closingBrace(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var depth = 1
        var index = start
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index }
            } else if bytes[index] == UInt8(ascii: "{") {
                depth += 1
            }
            index += 1
        }
        return nil
    }

    /// `find_char_in_curlies`: the first `character` at brace depth zero within `region`.
    private static func character(_ character: UInt8, in region: ArraySlice<UInt8>) -> Int? {
        var depth = 0
        for index in region.indices {
            let byte = region[index]
            if byte == character && depth == 0 { return index }
            if byte == UInt8(ascii: "}") {
                if depth == 0 { return nil }
                depth -= 1
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            }
        }
        return nil
    }
}

/// How mod_rewrite resolves `%{NAME}` (mod_rewrite.c `lookup_variable`), mapped onto what an IIS
/// host knows. Unknown names are empty, as in httpd.
enum ModRewriteVariables {
    static func classify(_ name: ArraySlice<UInt8>) -> Variable {
        let text = name.text
        let bytes = Array(name)
        func kind() -> Variable.Kind {
            guard bytes.count >= 4 else { return .constant("") }
            if bytes[3] == UInt8(ascii: ":") && bytes.count > 4 {
                switch text.prefix(3).uppercased() {
                case "ENV": return .environment(String(text.dropFirst(4)))
                default: return .constant("")  // SSL:... (no mod_ssl variables here)
                }
            }
            if bytes.count > 4 && bytes[4] == UInt8(ascii: ":") {
                if bytes.count == 5 { return .constant("") }
                switch text.prefix(4).uppercased() {
                case "HTTP": return .header(String(text.dropFirst(5)) + ":")
                default: return .constant("")  // LA-U: / LA-F: need sub-requests
                }
            }
            switch text.uppercased() {
            case "TIME": return .time(.all)
            case "TIME_YEAR": return .time(.year)
            case "TIME_MON": return .time(.month)
            case "TIME_DAY": return .time(.day)
            case "TIME_HOUR": return .time(.hour)
            case "TIME_MIN": return .time(.minute)
            case "TIME_SEC": return .time(.second)
            case "TIME_WDAY": return .time(.weekday)
            case "IPV6": return .ipv6
            case "HTTPS": return .https
            case "IS_SUBREQ": return .constant("false")
            case "PATH_INFO", "REMOTE_IDENT", "CONTEXT_PREFIX", "API_VERSION": return .constant("")
            case "SCRIPT_USER", "SCRIPT_GROUP": return .constant("<unknown>")
            case "HTTP_HOST": return .header("Host:")
            case "HTTP_ACCEPT": return .header("Accept:")
            case "HTTP_COOKIE": return .header("Cookie:")
            case "HTTP_REFERER": return .header("Referer:")
            case "HTTP_FORWARDED": return .header("Forwarded:")
            case "HTTP_USER_AGENT": return .header("User-Agent:")
            case "HTTP_PROXY_CONNECTION": return .header("Proxy-Connection:")
            case "THE_REQUEST": return .requestLine
            case "REQUEST_URI": return .requestURI
            case "QUERY_STRING": return .currentQuery
            case "REQUEST_FILENAME", "SCRIPT_FILENAME": return .requestFilename
            case "REQUEST_SCHEME": return .scheme
            case "SERVER_ADDR": return .server("LOCAL_ADDR")
            case "CONN_REMOTE_ADDR": return .server("REMOTE_ADDR")
            case "CONTEXT_DOCUMENT_ROOT": return .server("DOCUMENT_ROOT")
            case "AUTH_TYPE", "SERVER_NAME", "REMOTE_ADDR", "SERVER_PORT", "REMOTE_HOST", "REMOTE_PORT", "REMOTE_USER",
                 "SERVER_ADMIN", "DOCUMENT_ROOT", "REQUEST_METHOD", "SERVER_PROTOCOL", "SERVER_SOFTWARE":
                return .server(text.uppercased())
            default: return .constant("")
            }
        }
        return Variable(kind: kind(), name: text)
    }
}
