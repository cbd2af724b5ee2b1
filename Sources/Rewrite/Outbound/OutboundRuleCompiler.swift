/// Compiles the `<outboundRules>` of the levels that apply to a directory. Never throws: a pattern
/// that does not compile, an unknown pre-condition or tag group is a warning and drops the rule.
extension OutboundRuleSet {
    /// `sections` parent level first, as the configuration merge lists them.
    public static func compile(_ sections: [IISRewriteSection], maxTagBytes: Int = OutboundRuleSet.defaultMaxTagBytes,
                               maxBodyBytes: Int = OutboundRuleSet.defaultMaxBodyBytes) -> OutboundRuleSet {
        var rules: [(IISOutboundRuleDefinition, String)] = []
        var preConditions: [String: (IISPreConditionDefinition, String)] = [:]
        var customTags: [String: IISCustomTagsDefinition] = [:]
        for section in sections {
            let outbound = section.outbound
            if outbound.clearsInheritedRules { rules.removeAll() }
            let removed = Set(outbound.removedRules.map { $0.lowercased() })
            rules.removeAll { removed.contains($0.0.name.lowercased()) }
            for rule in outbound.rules {
                rules.removeAll { $0.0.name.lowercased() == rule.name.lowercased() }
                rules.append((rule, section.file))
            }
            for condition in outbound.preConditions { preConditions[condition.name.lowercased()] = (condition, section.file) }
            for group in outbound.customTags { customTags[group.name.lowercased()] = group }
        }
        var warnings: [RuleWarning] = []
        var compiledConditions: [String: OutboundPreCondition] = [:]
        /// nil when no pre-condition has that name; one with a pattern that does not compile never holds.
        func preCondition(_ name: String, rule: String, file: String, line: Int) -> OutboundPreCondition? {
            let key = name.lowercased()
            if let done = compiledConditions[key] { return done }
            guard let entry = preConditions[key] else {
                warnings.append(RuleWarning(file: file, line: line, message: "outbound rule '\(rule)': no <preCondition name=\"\(name)\"> is defined; rule ignored"))
                return nil
            }
            let (definition, conditionFile) = entry
            var checks: [OutboundPreCondition.Check] = []
            var compiled: OutboundPreCondition?
            for check in definition.checks {
                var problems: [String] = []
                let input = OutboundTemplate(check.input, problems: &problems)
                for problem in problems {
                    warnings.append(RuleWarning(file: conditionFile, line: check.line, message: "<preCondition name=\"\(name)\">: \(problem)"))
                }
                do {
                    let pattern = try IISPatternTranslation.compile(check.pattern, syntax: definition.patternSyntax, ignoreCase: check.ignoreCase)
                    checks.append(.init(input: input, pattern: pattern, negate: check.negate))
                } catch {
                    warnings.append(RuleWarning(file: conditionFile, line: check.line,
                                                message: "<preCondition name=\"\(name)\">: \(error); the pre-condition never holds"))
                    compiled = OutboundPreCondition(name: definition.name, matchAny: true, checks: [])
                    break
                }
            }
            let result = compiled ?? OutboundPreCondition(name: definition.name, matchAny: definition.matchAny, checks: checks)
            compiledConditions[key] = result
            return result
        }
        var headerRules: [OutboundRule] = []
        var bodyRules: [OutboundRule] = []
        for (definition, file) in rules where definition.enabled {
            func warn(_ message: String) {
                warnings.append(RuleWarning(file: file, line: definition.line, message: "outbound rule '\(definition.name)': \(message)"))
            }
            let target: OutboundRule.Target
            if !definition.serverVariable.isEmpty {
                let upper = definition.serverVariable.uppercased()
                guard upper.hasPrefix("RESPONSE_"), upper.count > 9 else {
                    warn("serverVariable=\"\(definition.serverVariable)\": only response headers (RESPONSE_name) can be rewritten here; rule ignored")
                    continue
                }
                target = .header(String(definition.serverVariable.dropFirst(9)).replacingUnderscores())
            } else if !definition.filterByTags.isEmpty {
                var tags: [String: Set<String>] = [:]
                var usable = true
                for tag in definition.filterByTags {
                    let lower = tag.lowercased()
                    if lower == "customtags" {
                        guard let group = customTags[definition.customTags.lowercased()] else {
                            warn("filterByTags names CustomTags but <customTags><tags name=\"\(definition.customTags)\"> is not defined; rule ignored")
                            usable = false
                            break
                        }
                        for pair in group.tags { tags[pair.element.lowercased(), default: []].insert(pair.attribute.lowercased()) }
                    } else if let attributes = builtInTags[lower] {
                        tags[lower, default: []].formUnion(attributes)
                    } else {
                        warn("filterByTags: '\(tag)' is not a tag IIS knows (A, Area, Base, Form, Frame, Head, IFrame, Img, Input, Link, Script, CustomTags); rule ignored")
                        usable = false
                        break
                    }
                }
                guard usable else { continue }
                target = .tags(tags)
            } else {
                warn("a <match> without serverVariable or filterByTags rewrites the whole response body in IIS; not supported here, rule ignored")
                continue
            }
            let pattern: CompiledPattern
            do {
                pattern = try IISPatternTranslation.compile(definition.pattern, syntax: definition.patternSyntax, ignoreCase: definition.ignoreCase)
            } catch {
                warn("<match pattern>: \(error); rule ignored")
                continue
            }
            var condition: OutboundPreCondition?
            if !definition.preCondition.isEmpty {
                guard let found = preCondition(definition.preCondition, rule: definition.name, file: file, line: definition.line) else { continue }
                condition = found
            }
            var problems: [String] = []
            let value = OutboundTemplate(definition.value, problems: &problems)
            for problem in problems { warn(problem) }
            let rule = OutboundRule(name: definition.name, target: target, pattern: pattern, negate: definition.negate,
                                    preCondition: condition, rewrites: definition.rewrites, value: value,
                                    stopProcessing: definition.stopProcessing)
            if case .header = target { headerRules.append(rule) } else { bodyRules.append(rule) }
        }
        return OutboundRuleSet(headerRules: headerRules, bodyRules: bodyRules, warnings: warnings,
                               maxTagBytes: max(64, maxTagBytes), maxBodyBytes: max(0, maxBodyBytes))
    }

    /// The tags `filterByTags` names and the attributes of each that hold URLs, as the URL Rewrite
    /// module documents them.
    static let builtInTags: [String: Set<String>] = [
        "a": ["href"], "area": ["href"], "base": ["href"], "form": ["action"], "frame": ["src", "longdesc"],
        "head": ["profile"], "iframe": ["src", "longdesc"], "img": ["src", "longdesc", "usemap"],
        "input": ["src", "usemap"], "link": ["href"], "script": ["src"],
    ]
}

extension String {
    /// `X_Forwarded_Host` -> `X-Forwarded-Host`: a `RESPONSE_` server variable's header name.
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
