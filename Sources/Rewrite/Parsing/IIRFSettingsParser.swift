/// IIRF directives that are settings, not rules, and the final assembly of the rule set.
extension IIRFParser {
    mutating func setting(_ name: String, fields: [ArraySlice<UInt8>], line: ArraySlice<UInt8>, at location: SourceLocation) {
        let key = name.lowercased()
        let first = fields.first.map(\.text)
        switch key {
        case "iterationlimit":
            once(key, "IterationLimit", at: location)
            settings.iterationLimit = number(first, in: 0...30, default: 8, directive: "IterationLimit", at: location)
        case "maxmatchcount":
            once(key, "MaxMatchCount", at: location)
            settings.maxMatchCount = number(first, in: 4...25, default: 10, directive: "MaxMatchCount", at: location)
        case "urldecoding":
            once(key, "UrlDecoding", at: location)
            settings.urlDecoding = onOff(first, default: true, directive: "UrlDecoding", at: location)
        case "rewriteengine":
            once(key, "RewriteEngine", at: location)
            settings.engineOn = onOff(first, default: true, directive: "RewriteEngine", at: location)
        case "rewritebase":
            once(key, "RewriteBase", at: location)
            switch first?.uppercased() {
            case nil: warn(location, "RewriteBase needs ON, OFF or a virtual path; using OFF")
            case "OFF": settings.rewriteBase = nil
            // ON means "the virtual directory's path"; isapi-bridge serves each site at its root.
            case "ON": settings.rewriteBase = ""
            default: settings.rewriteBase = first
            }
        case "flagcharacters":
            flagCharacters(fields, at: location)
        case "condsubstringbackrefflag":
            if specified.contains("flagcharacters") || !specified.insert(key).inserted {
                warn(location, "CondSubstringBackrefFlag given more than once (or together with FlagCharacters)")
            }
            if let flag = fields.first?.first, "%@*_^!~".utf8.contains(flag) {
                settings.conditionReferenceCharacter = flag
            } else {
                warn(location, "CondSubstringBackrefFlag must be one of % @ * _ ^ ! ~; keeping '*'")
            }
        case "statusinquiry":
            statusInquiry(fields, at: location)
        case "statusurl":
            warn(location, "StatusUrl is obsolete; use StatusInquiry ON [path] [RemoteOk]")
            once("statusinquiry", "StatusInquiry", at: location)
            statusURL(fields, at: location)
        case "rewritemap":
            rewriteMap(fields, line: line, at: location)
        case "includeini":
            include(line.remainder(afterFields: 1), at: location)
        case "rewritelog", "rewriteloglevel":
            break  // the filter logs through the server's logger
        case "proxypassreverse":
            if fields.count == 2 {
                settings.proxyReverse.append((local: fields[0].text, upstream: fields[1].text))
            } else {
                warn(location, "ProxyPassReverse needs a local path and an upstream URL (ProxyPassReverse /app/ http://backend:8080/app/); ignored")
            }
        case "proxytimeouts":
            warn(location, "ProxyTimeouts has no effect here: the reverse proxy's timeouts are set in its configuration (docs/reverse-proxy.md)")
        case "proxypreservehost":
            once(key, "ProxyPreserveHost", at: location)
            settings.proxyPreserveHost = onOff(first, default: false, directive: "ProxyPreserveHost", at: location)
        case "notifylog", "rewritefilterpriority", "eventsforiniopen", "maxfieldlength":
            warn(location, "\(name) is only valid in the server-wide IirfGlobal.ini; ignored here")
        default:
            warn(location, "unrecognized directive '\(name)', ignored")
        }
    }

    private mutating func once(_ key: String, _ name: String, at location: SourceLocation) {
        if !specified.insert(key).inserted { warn(location, "\(name) given more than once; the last one wins") }
    }

    private mutating func number(_ text: String?, in range: ClosedRange<Int>, default value: Int,
                                 directive: String, at location: SourceLocation) -> Int {
        guard let text else {
            warn(location, "\(directive) needs a number; using the default \(value)")
            return value
        }
        let parsed = IIRFFlags.atoi(Substring(text))
        guard range.contains(parsed) else {
            warn(location, "\(directive) \(text) is out of range (\(range.lowerBound)...\(range.upperBound)); using the default \(value)")
            return value
        }
        return parsed
    }

    private mutating func onOff(_ text: String?, default value: Bool, directive: String, at location: SourceLocation) -> Bool {
        switch text?.uppercased() {
        case "ON": return true
        case "OFF": return false
        default:
            warn(location, "\(directive) needs ON or OFF; using \(value ? "ON" : "OFF")")
            return value
        }
    }

    private mutating func flagCharacters(_ fields: [ArraySlice<UInt8>], at location: SourceLocation) {
        if specified.contains("condsubstringbackrefflag") || !specified.insert("flagcharacters").inserted {
            warn(location, "FlagCharacters given more than once (or together with CondSubstringBackrefFlag)")
        }
        let legal = Array("%@*_^!~#".utf8)
        guard fields.count >= 2 else {
            warn(location, "FlagCharacters needs two characters (condition reference, case-folding operator)")
            return
        }
        let condition = fields[0].first!
        if legal.contains(condition) {
            settings.conditionReferenceCharacter = condition
        } else {
            warn(location, "illegal FlagCharacters character '\(fields[0].text)'; legal are % @ * _ ^ ! ~ #; keeping '*'")
        }
        let conversion = fields[1].first!
        if legal.contains(conversion) && conversion != settings.conditionReferenceCharacter {
            settings.conversionCharacter = conversion
        } else {
            warn(location, "illegal or duplicate FlagCharacters character '\(fields[1].text)'; keeping '#'")
        }
    }

    private mutating func statusInquiry(_ fields: [ArraySlice<UInt8>], at location: SourceLocation) {
        once("statusinquiry", "StatusInquiry", at: location)
        explicitStatusPath = nil
        statusDefaultPath = false
        switch fields.first?.text.uppercased() {
        case "OFF": return
        case "ON": statusURL(Array(fields.dropFirst()), at: location)
        default: warn(location, "StatusInquiry needs ON or OFF; status inquiry stays disabled")
        }
    }

    /// `[path] [RemoteOk]` of StatusInquiry ON / StatusUrl.
    private mutating func statusURL(_ fields: [ArraySlice<UInt8>], at location: SourceLocation) {
        if fields.count == 1, fields[0].equalsIgnoringCase("RemoteOk") {
            settings.statusRemoteAllowed = true
            statusDefaultPath = true
        } else if let path = fields.first {
            explicitStatusPath = path.text
            if fields.count > 1, fields[1].equalsIgnoringCase("RemoteOk") { settings.statusRemoteAllowed = true }
        } else {
            statusDefaultPath = true
        }
    }

    private mutating func include(_ name: ArraySlice<UInt8>, at location: SourceLocation) {
        guard !name.isEmpty else { return warn(location, "IncludeIni needs a file name") }
        let path = FileAccess.resolve(name.text, relativeTo: FileAccess.directory(of: location.file))
        guard !includeStack.contains(path) else {
            return warn(location, "IncludeIni '\(path)' includes itself (directly or indirectly); ignored")
        }
        guard includeStack.count < 16 else { return warn(location, "IncludeIni nested more than 16 deep; ignored") }
        read(file: path, from: location)
    }

    private mutating func rewriteMap(_ fields: [ArraySlice<UInt8>], line: ArraySlice<UInt8>, at location: SourceLocation) {
        guard pendingConditions.isEmpty && brokenCondition == nil else {
            return warn(location, "RewriteMap found while a RewriteCond is pending; map ignored")
        }
        guard let name = fields.first?.text else { return warn(location, "RewriteMap needs a name and type:file") }
        let spec = line.remainder(afterFields: 2)
        guard let colon = spec.firstIndex(of: UInt8(ascii: ":")) else {
            return warn(location, "RewriteMap '\(name)': bad map spec '\(spec.text)' (expected txt:file or rnd:file)")
        }
        let type = spec[..<colon].text.lowercased()
        guard type.hasPrefix("txt") || type.hasPrefix("rnd") else {
            return warn(location, "RewriteMap '\(name)': unsupported map type '\(spec[..<colon].text)' (IIRF supports txt and rnd); ignored")
        }
        guard !maps.contains(where: { $0.name == name }) else {
            return warn(location, "RewriteMap '\(name)' declared twice; the second is ignored")
        }
        let path = FileAccess.resolve(spec[(colon + 1)...].trimmed.text, relativeTo: FileAccess.directory(of: location.file))
        stamps.append(FileAccess.stamp(path))
        let kind: RewriteMap.Kind = type.hasPrefix("rnd") ? .random : .text
        switch MapFileLoader.load(path: path, name: name, kind: kind, dialect: .iirf) {
        case .failure(let error): warn(location, "RewriteMap '\(name)': \(error); map ignored")
        case .success(let (map, remarks)):
            warnings += remarks
            maps.append(map)
        }
    }

    /// Dangling conditions, the status path, templates compiled with the final flag characters.
    mutating func finish() -> RuleSet {
        if !pendingConditions.isEmpty, let last = pendingConditions.last {
            warn(last.location, "RewriteCond not followed by a rule; ignored")
        }
        if statusDefaultPath {
            settings.statusPath = "/iirfStatus"
        } else if let explicit = explicitStatusPath {
            if let base = settings.rewriteBase, !base.isEmpty {
                let skip = (base == "/" || base.hasSuffix("/")) && explicit.hasPrefix("/")
                settings.statusPath = base + (skip ? String(explicit.dropFirst()) : explicit)
            } else {
                settings.statusPath = explicit
            }
        }
        settings.rewriteBaseBytes = settings.rewriteBase.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        settings.statusPathBytes = settings.statusPath.map { Array($0.utf8) }
        let templates = IIRFTemplateParser(conditionCharacter: settings.conditionReferenceCharacter)
        let compiled = rules.map { pending in
            Rule(pattern: pending.pattern, patternNegated: false, substitution: templates.parse(pending.replacement),
                 keepsURL: false,
                 conditions: pending.conditions.map { condition in
                     Condition(input: templates.parse(condition.input), test: condition.test, negated: condition.negated,
                               caseless: condition.caseless, orNext: condition.orNext, source: condition.source,
                               location: condition.location)
                 },
                 action: Self.action(pending), flags: pending.flags.flags, location: pending.location,
                 skip: 0, maxRounds: 0, environment: [], forcedType: nil, escapedBytes: nil, source: pending.source)
        }
        for rule in compiled {
            let names = rule.substitution.referencedMaps + rule.conditions.flatMap(\.input.referencedMaps)
            for name in names where !maps.contains(where: { $0.name == name }) {
                warn(rule.location, "the rule uses map '\(name)', which is not declared; lookups will use the default")
            }
        }
        return RuleSet(dialect: .iirf, rules: compiled, maps: maps, iirf: settings, modRewriteEngineOn: false,
                       warnings: warnings, sources: stamps)
    }

    private static func action(_ rule: PendingRule) -> Rule.Action {
        let flags = rule.flags
        if flags.forbidden { return .respond(status: 403) }
        if flags.notFound { return .respond(status: 404) }
        if flags.gone { return .respond(status: 410) }
        switch flags.flavor {
        case .redirect: return .redirect(status: flags.redirectStatus)
        case .proxy: return .proxy
        case .header: return .rewriteHeader(rule.headerName ?? "url")
        case .rewrite: return .rewrite
        }
    }
}
