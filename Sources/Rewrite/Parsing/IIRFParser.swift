/// Reads an IIRF v2.1 `IIRF.ini` (and what it includes) into a `RuleSet`.
///
/// Follows IirfConfig.c: one directive per line, `#` comments, fields split on spaces and tabs,
/// directive names case-insensitive, `RewriteCond`s attach to the next rule. A directive that
/// cannot be used is a warning naming file and line, and is skipped; the rest still loads.
struct IIRFParser {
    struct PendingCondition {
        let input: ArraySlice<UInt8>
        let test: Condition.Test
        let negated: Bool
        let caseless: Bool
        let orNext: Bool
        let source: String
        /// Test string, pattern and flags, for the duplicate-rule check.
        let signature: String
        let location: SourceLocation
    }

    struct PendingRule {
        let pattern: CompiledPattern
        let replacement: ArraySlice<UInt8>
        let flags: IIRFFlags.RuleResult
        let headerName: String?
        let conditions: [PendingCondition]
        let location: SourceLocation
        let source: String
    }

    var warnings: [RuleWarning] = []
    var settings = IIRFSettings()
    var pendingConditions: [PendingCondition] = []
    /// Why the pending conditions are unusable (a bad RewriteCond): the next rule is then dropped.
    var brokenCondition: String?
    var rules: [PendingRule] = []
    var duplicateKeys: Set<DuplicateKey> = []
    var maps: [RewriteMap] = []
    var stamps: [SourceFileStamp] = []
    var includeStack: [String] = []
    var specified: Set<String> = []
    var explicitStatusPath: String?
    var statusDefaultPath = false

    /// Loads `path`. A missing or unreadable file gives an empty rule set and a warning.
    static func load(path: String) -> RuleSet {
        var parser = IIRFParser()
        parser.read(file: path, from: nil)
        return parser.finish()
    }

    /// Parses rules given as text (tests, the tester); includes and maps resolve relative to `file`.
    static func parse(text: String, file: String) -> RuleSet {
        var parser = IIRFParser()
        parser.includeStack = [file]
        parser.parseLines(SourceLine.split(Array(text.utf8), file: file))
        parser.includeStack.removeLast()
        return parser.finish()
    }

    mutating func warn(_ location: SourceLocation, _ message: String) {
        warnings.append(RuleWarning(file: location.file, line: location.line, message: message))
    }

    mutating func read(file: String, from location: SourceLocation?) {
        stamps.append(FileAccess.stamp(file))
        switch FileAccess.read(file) {
        case .failure(let error):
            warnings.append(RuleWarning(file: location?.file ?? file, line: location?.line ?? 0,
                                        message: "\(error); no rules loaded from it"))
        case .success(let bytes):
            includeStack.append(file)
            parseLines(SourceLine.split(bytes, file: file))
            includeStack.removeLast()
        }
    }

    mutating func parseLines(_ lines: [SourceLine]) {
        for line in lines {
            let content = line.bytes.trimmed
            guard let first = content.first, first != UInt8(ascii: "#") else { continue }
            let fields = content.fields
            directive(fields[0].text, fields: Array(fields.dropFirst()), line: content, at: line.location)
        }
    }

    private mutating func directive(_ name: String, fields: [ArraySlice<UInt8>], line: ArraySlice<UInt8>,
                                    at location: SourceLocation) {
        switch name.lowercased() {
        case "rewriterule": rule(.rewrite, directive: "RewriteRule", fields: fields, at: location, line: line)
        case "redirectrule": rule(.redirect, directive: "RedirectRule", fields: fields, at: location, line: line)
        case "proxypass": rule(.proxy, directive: "ProxyPass", fields: fields, at: location, line: line)
        case "rewriteheader": rule(.header, directive: "RewriteHeader", fields: fields, at: location, line: line)
        case "rewritecond": condition(fields, at: location, line: line)
        default: setting(name, fields: fields, line: line, at: location)
        }
    }

    // MARK: Rules

    private mutating func rule(_ flavor: IIRFFlavor, directive: String, fields: [ArraySlice<UInt8>],
                               at location: SourceLocation, line: ArraySlice<UInt8>) {
        let conditions = pendingConditions
        let broken = brokenCondition
        pendingConditions = []
        brokenCondition = nil
        var arguments = fields[...]
        var headerName: String?
        if flavor == .header {
            guard let header = arguments.popFirst() else {
                return warn(location, "bad \(directive) format: specify a header, a pattern and a replacement; rule ignored")
            }
            headerName = Self.headerName(header.text)
            if headerName?.lowercased() == "version:" {
                return warn(location, "the VERSION header cannot be rewritten; rule ignored")
            }
        }
        guard let pattern = arguments.popFirst(), let replacement = arguments.popFirst() else {
            return warn(location, "bad \(directive) format: specify a pattern and a replacement string; rule ignored")
        }
        let modifiers = arguments.popFirst()
        if replacement.first == UInt8(ascii: "["), replacement.last == UInt8(ascii: "]") {
            warn(location, "replacement string '\(replacement.text)' looks like modifier flags; are you sure?")
        }
        if let broken {
            return warn(location, "\(directive) ignored: its RewriteCond could not be used (\(broken))")
        }
        let flags: IIRFFlags.RuleResult
        switch IIRFFlags.parseRule(modifiers, flavor: flavor, directive: directive) {
        case .failure(let error): return warn(location, "\(error.message); rule ignored")
        case .success(let result): flags = result
        }
        for remark in flags.warnings { warn(location, remark) }
        let key = DuplicateKey(flavor: flags.flavor, pattern: pattern.text, header: headerName?.lowercased(),
                               caseless: flags.flags.contains(.caseless), conditions: conditions.map(\.signature))
        guard !duplicateKeys.contains(key) else {
            return warn(location, "duplicate rule (same pattern, flags and conditions as an earlier one); rule ignored")
        }
        let absolute = replacement.text.lowercased().hasPrefix("http://") || replacement.text.lowercased().hasPrefix("https://")
        if flags.flavor == .rewrite && absolute && !flags.forbidden && !flags.gone && !flags.notFound {
            warn(location, "rewriting to a fully-qualified URL, probably wrong: you may want RedirectRule or [R]")
        }
        let compiled: CompiledPattern
        do {
            compiled = try CompiledPattern(bytes: Array(pattern), options: flags.flags.contains(.caseless) ? .caseless : [])
        } catch {
            return warn(location, "\(directive) pattern \(error); rule ignored")
        }
        duplicateKeys.insert(key)
        rules.append(PendingRule(pattern: compiled, replacement: replacement, flags: flags, headerName: headerName,
                                 conditions: conditions, location: location, source: line.text))
    }

    /// IIRF appends a colon to header names, except the pseudo-headers `url` and `method`.
    private static func headerName(_ name: String) -> String {
        let lower = name.lowercased()
        if lower == "url" || lower == "method" { return lower }
        return name.hasSuffix(":") ? name : name + ":"
    }

    // MARK: Conditions

    private mutating func condition(_ fields: [ArraySlice<UInt8>], at location: SourceLocation, line: ArraySlice<UInt8>) {
        guard fields.count >= 2 else {
            warn(location, "bad RewriteCond format: specify a test string and a pattern; the next rule will be ignored")
            brokenCondition = brokenCondition ?? "bad RewriteCond format at line \(location.line)"
            return
        }
        let (orNext, caseless, remarks) = IIRFFlags.parseCondition(fields.count > 2 ? fields[2] : nil)
        for remark in remarks { warn(location, remark) }
        var pattern = fields[1]
        var negated = false
        if pattern.first == UInt8(ascii: "!") {
            negated = true
            pattern = pattern.dropFirst()
        }
        let test: Condition.Test
        if pattern.count >= 2, pattern.first == UInt8(ascii: "-"),
           let fileTest = Self.fileTest(pattern[pattern.startIndex + 1]) {
            test = .file(fileTest)
        } else if let first = pattern.first, let op = Self.lexicalOperator(first) {
            test = .lexical(op, Array(pattern.dropFirst()))
        } else {
            do {
                test = .regex(try CompiledPattern(bytes: Array(pattern), options: caseless ? .caseless : []))
            } catch {
                warn(location, "RewriteCond pattern \(error); the next rule will be ignored")
                brokenCondition = brokenCondition ?? "RewriteCond at line \(location.line) does not compile"
                return
            }
        }
        pendingConditions.append(PendingCondition(input: fields[0], test: test, negated: negated, caseless: caseless,
                                                  orNext: orNext, source: line.text,
                                                  signature: "\(fields[0].text)\u{0}\(fields[1].text)\u{0}\(caseless)\u{0}\(orNext)",
                                                  location: location))
    }

    private static func fileTest(_ letter: UInt8) -> Condition.FileTest? {
        switch letter {
        case UInt8(ascii: "d"): .directory
        case UInt8(ascii: "f"): .regularFile
        case UInt8(ascii: "s"): .nonEmptyFile
        case UInt8(ascii: "l"), UInt8(ascii: "j"): .symbolicLink
        default: nil
        }
    }

    private static func lexicalOperator(_ first: UInt8) -> Condition.LexicalOperator? {
        switch first {
        case UInt8(ascii: "<"): .less
        case UInt8(ascii: ">"): .greater
        case UInt8(ascii: "="): .equal
        default: nil
        }
    }
}

/// What makes two IIRF rules duplicates (IirfConfig.c `IsDuplicateRule`).
struct DuplicateKey: Hashable {
    let flavor: IIRFFlavor
    let pattern: String
    let header: String?
    let caseless: Bool
    let conditions: [String]
}
