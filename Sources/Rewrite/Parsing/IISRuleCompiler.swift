/// Compiles IIS URL Rewrite rules (as the configuration reader found them) onto the shared rule
/// model. Never throws: a pattern that does not compile or a reference to an unknown map is a
/// warning, and the rule is dropped or the reference expands to nothing.
extension RuleSet {
    /// `scopes` in evaluation order: `<globalRules>` first, then the site's rules, then those of
    /// each web.config from the site root down (parent rules run first, as in IIS).
    public static func compileIIS(_ scopes: [IISRuleScope]) -> RuleSet {
        var compiler = IISRuleCompiler()
        for scope in scopes { compiler.add(scope) }
        return compiler.finish()
    }
}

struct IISRuleCompiler {
    private var rules: [Rule] = []
    private var maps: [RewriteMap] = []
    private var warnings: [RuleWarning] = []
    /// Every map so far: the directory it was declared for, its lower-cased name, and its internal name and default.
    private var declaredMaps: [(String, String, (name: String, defaultValue: String))] = []

    init() {
        for (lowerName, function) in IISTemplateParser.functions {
            maps.append(RewriteMap(name: IISTemplateParser.functionMapName(lowerName), kind: .function(function),
                                   caseInsensitive: false, entries: [], file: nil))
        }
    }

    mutating func add(_ scope: IISRuleScope) {
        // Maps declared here and at the levels above (those for a directory containing this one).
        let base = Self.directoryPath(scope.virtualDirectory)
        var declared: [String: (name: String, defaultValue: String)] = [:]
        for (directory, lowerName, entry) in declaredMaps where base.lowercased().hasPrefix(directory.lowercased()) {
            declared[lowerName] = entry
        }
        for map in scope.maps {
            let name = "\(maps.count)|\(map.name)"
            declared[map.name.lowercased()] = (name, map.defaultValue)
            declaredMaps.append((base, map.name.lowercased(), (name, map.defaultValue)))
            maps.append(RewriteMap(name: name, kind: .text, caseInsensitive: map.ignoreCase,
                                   entries: map.entries.map { RewriteMap.Entry(key: Array($0.key.utf8), values: [Array($0.value.utf8)]) },
                                   file: nil))
        }
        for definition in scope.rules where definition.enabled {
            let location = SourceLocation(file: scope.file, line: definition.line)
            var templates = IISTemplateParser(maps: declared)
            if let rule = compile(definition, base: Array(base.utf8), location: location, templates: &templates) {
                rules.append(rule)
            }
            for problem in templates.problems { warn(location, "rule '\(definition.name)': \(problem)") }
        }
    }

    /// `/`, or `/dir/` with the slashes added when missing.
    static func directoryPath(_ path: String) -> String {
        var base = path.hasPrefix("/") ? path : "/" + path
        if !base.hasSuffix("/") { base += "/" }
        return base
    }

    private mutating func compile(_ definition: IISRuleDefinition, base: [UInt8], location: SourceLocation,
                                  templates: inout IISTemplateParser) -> Rule? {
        let pattern: CompiledPattern
        do {
            pattern = try IISPatternTranslation.compile(definition.url, syntax: definition.patternSyntax, ignoreCase: definition.ignoreCase)
        } catch {
            warn(location, "rule '\(definition.name)': <match url>: \(error); rule ignored")
            return nil
        }
        var conditions: [Condition] = []
        for condition in definition.conditions {
            let test: Condition.Test
            switch condition.matchType {
            case .isFile: test = .file(.regularFile)
            case .isDirectory: test = .file(.directory)
            case .pattern:
                do {
                    test = .regex(try IISPatternTranslation.compile(condition.pattern, syntax: definition.patternSyntax,
                                                                    ignoreCase: condition.ignoreCase))
                } catch {
                    warn(SourceLocation(file: location.file, line: condition.line),
                         "rule '\(definition.name)': condition on '\(condition.input)': \(error); rule ignored")
                    return nil
                }
            }
            conditions.append(Condition(input: templates.parse(condition.input), test: test, negated: condition.negate,
                                        caseless: condition.ignoreCase, orNext: definition.matchAny,
                                        source: "\(condition.input) \(condition.pattern)",
                                        location: SourceLocation(file: location.file, line: condition.line)))
        }
        let action: IISRuleDetails.Action
        let sharedAction: Rule.Action
        switch definition.action {
        case .none:
            action = .none
            sharedAction = .rewrite
        case .rewrite:
            action = .rewrite
            sharedAction = .rewrite
        case .redirect:
            action = .redirect(status: definition.redirectStatus)
            sharedAction = .redirect(status: definition.redirectStatus)
        case .customResponse:
            action = .customResponse(status: definition.statusCode, subStatus: definition.subStatusCode,
                                     reason: templates.parse(definition.statusReason),
                                     description: templates.parse(definition.statusDescription))
            sharedAction = .respond(status: definition.statusCode)
        case .abortRequest:
            action = .abortRequest
            sharedAction = .respond(status: 0)
        }
        let details = IISRuleDetails(
            name: definition.name, basePath: base,
            excludedDirectories: definition.excludedDirectories.map { Array(Self.directoryPath($0).utf8) }, stopProcessing: definition.stopProcessing, matchAny: definition.matchAny,
            trackAllCaptures: definition.trackAllCaptures, appendQueryString: definition.appendQueryString,
            logRewrittenURL: definition.logRewrittenURL,
            assignments: definition.serverVariables.map { .init(name: $0.name.uppercased(), value: templates.parse($0.value), replace: $0.replace) },
            action: action)
        return Rule(pattern: pattern, patternNegated: definition.negate, substitution: templates.parse(definition.actionURL),
                    keepsURL: definition.action == .none, conditions: conditions, action: sharedAction, flags: [],
                    location: location, skip: 0, maxRounds: 1, environment: [], forcedType: nil, escapedBytes: nil,
                    source: "<rule name=\"\(definition.name)\">", iis: details)
    }

    private mutating func warn(_ location: SourceLocation, _ message: String) {
        warnings.append(RuleWarning(file: location.file, line: location.line, message: message))
    }

    func finish() -> RuleSet {
        RuleSet(dialect: .iis, rules: rules, maps: maps, iirf: IIRFSettings(), modRewriteEngineOn: false,
                warnings: warnings, sources: [])
    }
}
