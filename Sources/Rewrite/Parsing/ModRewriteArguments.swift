/// The two or three arguments of `RewriteRule` / `RewriteCond` (mod_rewrite.c `parseargline`):
/// optionally quoted with `"` or `'`; a backslash before white space keeps the space in the
/// argument (the backslash stays, and expansion later removes it); the third argument must be
/// `[...]`.
struct ApacheArguments {
    let first: ArraySlice<UInt8>
    let second: ArraySlice<UInt8>
    let third: ArraySlice<UInt8>?

    static func parse(_ line: ArraySlice<UInt8>) -> Result<ApacheArguments, FlagError> {
        var index = line.startIndex
        func skipSpaces() { while index < line.endIndex && line[index].isConfigSpace { index += 1 } }
        func argument() -> (ArraySlice<UInt8>, ended: Bool) {
            var quote: UInt8?
            if index < line.endIndex, line[index] == UInt8(ascii: "\"") || line[index] == UInt8(ascii: "'") {
                quote = line[index]
                index += 1
            }
            let start = index
            while index < line.endIndex {
                let byte = line[index]
                if (byte.isConfigSpace && quote == nil) || byte == quote { break }
                if byte == UInt8(ascii: "\\"), index + 1 < line.endIndex, line[index + 1].isConfigSpace {
                    index += 2
                    continue
                }
                index += 1
            }
            let value = line[start..<index]
            let ended = index >= line.endIndex
            if !ended { index += 1 }
            return (value, ended)
        }
        skipSpaces()
        let (first, firstEnded) = argument()
        guard !firstEnded else { return .failure(FlagError("bad argument line: at least two arguments required")) }
        skipSpaces()
        let (second, secondEnded) = argument()
        guard !secondEnded else { return .success(ApacheArguments(first: first, second: second, third: nil)) }
        skipSpaces()
        guard index < line.endIndex else { return .success(ApacheArguments(first: first, second: second, third: nil)) }
        let (third, _) = argument()
        guard third.first == UInt8(ascii: "[") else {
            return .failure(FlagError("bad flag delimiters: third argument must begin with '[' but found '\(third.prefix(1).text)' - too many arguments or rogue whitespace?"))
        }
        guard third.last == UInt8(ascii: "]") else {
            return .failure(FlagError("bad flag delimiters: third argument must end with ']' - unintended whitespace within the flags definition?"))
        }
        return .success(ApacheArguments(first: first, second: second, third: third))
    }
}

/// What a mod_rewrite CondPattern (after `!`) asks for (mod_rewrite.c `cmd_rewritecond`).
enum ModRewriteConditionPattern {
    case regex(ArraySlice<UInt8>)
    case test(Condition.Test)
    /// `-ne`: an `-eq` with the negation flipped.
    case negatedInteger(Condition.IntegerOperator, Int)
    /// `-U`, `-F`: look-ups through sub-requests.
    case unsupported(String)

    static func classify(_ pattern: ArraySlice<UInt8>) -> ModRewriteConditionPattern {
        guard pattern.count >= 2 else { return .regex(pattern) }
        let bytes = Array(pattern)
        if bytes[0] == UInt8(ascii: "-") {
            if bytes.count == 2 {
                switch bytes[1] {
                case UInt8(ascii: "f"): return .test(.file(.regularFile))
                case UInt8(ascii: "s"): return .test(.file(.nonEmptyFile))
                case UInt8(ascii: "d"): return .test(.file(.directory))
                case UInt8(ascii: "x"): return .test(.file(.executable))
                case UInt8(ascii: "h"), UInt8(ascii: "L"), UInt8(ascii: "l"): return .test(.file(.symbolicLink))
                case UInt8(ascii: "U"): return .unsupported("-U")
                case UInt8(ascii: "F"): return .unsupported("-F")
                default: return .regex(pattern)
                }
            }
            if bytes.count > 3 {
                let operand = IIRFFlags.atoi(Substring(pattern.dropFirst(3).text))
                switch (bytes[1], bytes[2]) {
                case (UInt8(ascii: "l"), UInt8(ascii: "t")): return .test(.integer(.less, operand))
                case (UInt8(ascii: "l"), UInt8(ascii: "e")): return .test(.integer(.lessOrEqual, operand))
                case (UInt8(ascii: "g"), UInt8(ascii: "t")): return .test(.integer(.greater, operand))
                case (UInt8(ascii: "g"), UInt8(ascii: "e")): return .test(.integer(.greaterOrEqual, operand))
                case (UInt8(ascii: "e"), UInt8(ascii: "q")): return .test(.integer(.equal, operand))
                case (UInt8(ascii: "n"), UInt8(ascii: "e")): return .negatedInteger(.equal, operand)
                default: return .regex(pattern)
                }
            }
            return .regex(pattern)
        }
        switch bytes[0] {
        case UInt8(ascii: ">"):
            return bytes[1] == UInt8(ascii: "=") ? .test(.lexical(.greaterOrEqual, Array(bytes[2...])))
                : .test(.lexical(.greater, Array(bytes[1...])))
        case UInt8(ascii: "<"):
            return bytes[1] == UInt8(ascii: "=") ? .test(.lexical(.lessOrEqual, Array(bytes[2...])))
                : .test(.lexical(.less, Array(bytes[1...])))
        case UInt8(ascii: "="):
            let operand = Array(bytes[1...])
            return .test(.lexical(.equal, operand == Array("\"\"".utf8) ? [] : operand))
        default:
            return .regex(pattern)
        }
    }
}

extension ModRewriteParser {
    /// `RewriteMap name type:source`. Files resolve relative to the rules file (httpd: ServerRoot).
    mutating func map(_ fields: [ArraySlice<UInt8>], at location: SourceLocation) {
        guard fields.count >= 2 else {
            warnings.append(RuleWarning(file: location.file, line: location.line, message: "RewriteMap needs a name and type:source"))
            return
        }
        let name = fields[0].text
        let spec = fields[1].text
        let lower = spec.lowercased()
        func fail(_ message: String) {
            warnings.append(RuleWarning(file: location.file, line: location.line, message: "RewriteMap '\(name)': \(message); map ignored"))
        }
        if lower.hasPrefix("int:") {
            guard let function = RewriteMap.MapFunction(rawValue: String(spec.dropFirst(4))) else {
                return fail("internal map not found: \(spec.dropFirst(4)) (toupper, tolower, escape, unescape)")
            }
            maps.removeAll { $0.name == name }
            maps.append(RewriteMap(name: name, kind: .function(function), caseInsensitive: false, entries: [], file: nil))
            return
        }
        for unsupported in ["dbm", "prg:", "dbd:", "fastdbd:"] where lower.hasPrefix(unsupported) {
            return fail("map type '\(unsupported.trimmingSuffix(":"))' is not supported (txt, rnd and int are)")
        }
        let kind: RewriteMap.Kind = lower.hasPrefix("rnd:") ? .random : .text
        let file = lower.hasPrefix("txt:") || lower.hasPrefix("rnd:") ? String(spec.dropFirst(4)) : spec
        let path = FileAccess.resolve(file, relativeTo: FileAccess.directory(of: location.file))
        stamps.append(FileAccess.stamp(path))
        switch MapFileLoader.load(path: path, name: name, kind: kind, dialect: .modRewrite) {
        case .failure(let error): fail("\(error)")
        case .success(let (map, remarks)):
            warnings += remarks
            maps.removeAll { $0.name == name }
            maps.append(map)
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
