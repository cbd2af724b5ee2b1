/// Reads mod_rewrite directives as they would appear in httpd's server or `<VirtualHost>` context.
///
/// `RewriteEngine`, `RewriteCond`, `RewriteRule`, `RewriteMap` (`txt:`, `rnd:`, `int:`) and
/// `RewriteOptions` are understood; `<IfModule>` wrappers are skipped; other httpd directives are
/// warned about and ignored. What httpd would refuse at startup is a warning here and the directive
/// (for a rule: the rule and its conditions) is dropped.
struct ModRewriteParser {
    var warnings: [RuleWarning] = []
    var rules: [Rule] = []
    var maps: [RewriteMap] = []
    var stamps: [SourceFileStamp] = []
    var engineOn = false
    var pendingConditions: [Condition] = []
    var brokenCondition: String?

    static func load(path: String) -> RuleSet {
        var parser = ModRewriteParser()
        parser.stamps.append(FileAccess.stamp(path))
        switch FileAccess.read(path) {
        case .failure(let error):
            parser.warnings.append(RuleWarning(file: path, line: 0, message: "\(error); no rules loaded"))
        case .success(let bytes):
            parser.parseLines(SourceLine.split(bytes, file: path))
        }
        return parser.finish()
    }

    static func parse(text: String, file: String) -> RuleSet {
        var parser = ModRewriteParser()
        parser.parseLines(SourceLine.split(Array(text.utf8), file: file))
        return parser.finish()
    }

    private mutating func warn(_ location: SourceLocation, _ message: String) {
        warnings.append(RuleWarning(file: location.file, line: location.line, message: message))
    }

    mutating func parseLines(_ lines: [SourceLine]) {
        var joined: [UInt8] = []
        var start: SourceLocation?
        for line in lines {
            var bytes = line.bytes
            // httpd joins a line ending in a backslash with the next one.
            let continues = bytes.last == UInt8(ascii: "\\")
            if continues { bytes = bytes.dropLast() }
            if start == nil { start = line.location }
            joined.append(contentsOf: bytes)
            if continues { continue }
            directive(joined[...].trimmed, at: start!)
            joined.removeAll()
            start = nil
        }
        if let start, !joined.isEmpty { directive(joined[...].trimmed, at: start) }
    }

    private mutating func directive(_ line: ArraySlice<UInt8>, at location: SourceLocation) {
        guard let first = line.first, first != UInt8(ascii: "#") else { return }
        let fields = line.fields
        let name = fields[0].text
        if first == UInt8(ascii: "<") {
            let section = name.lowercased()
            if !(section.hasPrefix("<ifmodule") || section.hasPrefix("</ifmodule")) {
                warn(location, "section \(name) is not interpreted: its contents are read as if in server context")
            }
            return
        }
        switch name.lowercased() {
        case "rewriteengine":
            switch fields.count > 1 ? fields[1].text.lowercased() : "" {
            case "on": engineOn = true
            case "off": engineOn = false
            default: warn(location, "RewriteEngine must be On or Off")
            }
        case "rewritecond": condition(line.remainder(afterFields: 1), at: location, source: line.text)
        case "rewriterule": rule(line.remainder(afterFields: 1), at: location, source: line.text)
        case "rewritemap": map(Array(fields.dropFirst()), at: location)
        case "rewriteoptions":
            for option in fields.dropFirst() {
                let lower = option.text.lowercased()
                let known = ["inherit", "inheritbefore", "inheritdown", "inheritdownbefore", "ignoreinherit",
                             "allownoslash", "allowanyuri", "mergebase", "ignorecontextinfo", "legacyprefixdocroot",
                             "longurloptimization"]
                if known.contains(lower) || lower.hasPrefix("maxredirects=") {
                    warn(location, "RewriteOptions \(option.text) has no effect here (one rule set per site, server context)")
                } else {
                    warn(location, "RewriteOptions: unknown option '\(option.text)'")
                }
            }
        case "rewritebase":
            warn(location, "RewriteBase is only valid in per-directory context; ignored")
        case "rewritelog", "rewriteloglevel":
            warn(location, "\(name) was removed in httpd 2.4 (use LogLevel rewrite:traceN); ignored")
        default:
            warn(location, "'\(name)' is not a mod_rewrite directive; ignored")
        }
    }

    // MARK: Conditions and rules

    private mutating func condition(_ arguments: ArraySlice<UInt8>, at location: SourceLocation, source: String) {
        let parsed: ApacheArguments
        switch ApacheArguments.parse(arguments) {
        case .failure(let error):
            warn(location, "RewriteCond: \(error.message); the next rule will be ignored")
            brokenCondition = brokenCondition ?? "RewriteCond at line \(location.line) is invalid"
            return
        case .success(let value): parsed = value
        }
        let flags: (caseless: Bool, orNext: Bool)
        switch ModRewriteFlags.parseCondition(parsed.third) {
        case .failure(let error):
            warn(location, "RewriteCond: \(error.message); the next rule will be ignored")
            brokenCondition = brokenCondition ?? "RewriteCond at line \(location.line) is invalid"
            return
        case .success(let value): flags = value
        }
        if parsed.first.equalsIgnoringCase("expr") {
            warn(location, "RewriteCond expr (ap_expr) is not supported; the next rule will be ignored")
            brokenCondition = brokenCondition ?? "RewriteCond expr at line \(location.line) is not supported"
            return
        }
        var pattern = parsed.second
        var negated = false
        if pattern.first == UInt8(ascii: "!") {
            negated = true
            pattern = pattern.dropFirst()
        }
        let test: Condition.Test
        switch ModRewriteConditionPattern.classify(pattern) {
        case .unsupported(let what):
            warn(location, "RewriteCond \(what) needs sub-requests, which isapi-bridge does not make; the next rule will be ignored")
            brokenCondition = brokenCondition ?? "RewriteCond at line \(location.line) is not supported"
            return
        case .negatedInteger(let op, let value):
            negated.toggle()
            test = .integer(op, value)
        case .test(let classified):
            test = classified
        case .regex(let bytes):
            var options: PatternOptions = .dollarEndOnly
            if flags.caseless { options.insert(.caseless) }
            do {
                test = .regex(try CompiledPattern(bytes: Array(bytes), options: options))
            } catch {
                warn(location, "RewriteCond: cannot compile regular expression: \(error); the next rule will be ignored")
                brokenCondition = brokenCondition ?? "RewriteCond at line \(location.line) does not compile"
                return
            }
        }
        if flags.caseless, case .file = test { warn(location, "RewriteCond: NoCase has no effect on file tests; ignored") }
        pendingConditions.append(Condition(input: ModRewriteTemplateParser.parse(parsed.first), test: test, negated: negated,
                                           caseless: flags.caseless, orNext: flags.orNext, source: source, location: location))
    }

    private mutating func rule(_ arguments: ArraySlice<UInt8>, at location: SourceLocation, source: String) {
        let conditions = pendingConditions
        let broken = brokenCondition
        pendingConditions = []
        brokenCondition = nil
        let parsed: ApacheArguments
        switch ApacheArguments.parse(arguments) {
        case .failure(let error): return warn(location, "RewriteRule: \(error.message); rule ignored")
        case .success(let value): parsed = value
        }
        if let broken { return warn(location, "RewriteRule ignored: \(broken)") }
        let flags: ModRewriteFlags.RuleResult
        switch ModRewriteFlags.parseRule(parsed.third) {
        case .failure(let error): return warn(location, "RewriteRule: \(error.message); rule ignored")
        case .success(let value): flags = value
        }
        for remark in flags.ignored { warn(location, "RewriteRule flag \(remark) is ignored") }
        var pattern = parsed.first
        var negated = false
        if pattern.first == UInt8(ascii: "!") {
            negated = true
            pattern = pattern.dropFirst()
        }
        var options: PatternOptions = .dollarEndOnly
        if flags.flags.contains(.caseless) { options.insert(.caseless) }
        let compiled: CompiledPattern
        do {
            compiled = try CompiledPattern(bytes: Array(pattern), options: options)
        } catch {
            return warn(location, "RewriteRule: cannot compile regular expression: \(error); rule ignored")
        }
        let action: Rule.Action
        if let status = flags.status {
            action = .respond(status: status)
        } else if flags.proxy {
            action = .proxy
        } else if let redirect = flags.redirect {
            action = .redirect(status: redirect)
        } else {
            action = .rewrite
        }
        let substitution = parsed.second
        rules.append(Rule(pattern: compiled, patternNegated: negated, substitution: ModRewriteTemplateParser.parse(substitution),
                          keepsURL: substitution.count == 1 && substitution.first == UInt8(ascii: "-"),
                          conditions: conditions, action: action, flags: flags.flags, location: location,
                          skip: flags.skip, maxRounds: flags.maxRounds,
                          environment: flags.environment.map { ModRewriteTemplateParser.parse($0) },
                          forcedType: flags.forcedType.map { ModRewriteTemplateParser.parse($0) },
                          escapedBytes: flags.escapedBytes, source: source))
    }

    mutating func finish() -> RuleSet {
        if let last = pendingConditions.last { warn(last.location, "RewriteCond not followed by a RewriteRule; ignored") }
        for rule in rules {
            let names = rule.substitution.referencedMaps + rule.conditions.flatMap(\.input.referencedMaps)
            for name in Set(names) where !maps.contains(where: { $0.name == name }) {
                warn(rule.location, "the rule uses map '\(name)', which is not declared; lookups will use the default")
            }
        }
        return RuleSet(dialect: .modRewrite, rules: rules, maps: maps, iirf: IIRFSettings(), modRewriteEngineOn: engineOn,
                       warnings: warnings, sources: stamps)
    }
}
