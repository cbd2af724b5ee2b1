/// Reads an IIS URL Rewrite `<rewrite>` element (`<rules>`, `<globalRules>`, `<rewriteMaps>`) into a
/// `URLRewriteSection`, checking attribute values as IIS's schema does. The caller says which
/// virtual directory the section belongs to: the site root for applicationHost.config and
/// `<location path="Site">`, or the directory of a web.config.
struct URLRewriteSectionReader {
    let log: DiagnosticLog
    /// applicationHost.config's server level: the only place `<globalRules>` is allowed.
    let serverLevel: Bool

    func read(_ element: ConfigElement, virtualDirectory: String) -> URLRewriteSection {
        var section = URLRewriteSection(virtualDirectory: virtualDirectory, file: log.file, line: element.line)
        for child in element.children {
            switch child.name {
            case "rules":
                let read = readRules(child)
                section.rules = read.rules
                section.clearsInheritedRules = read.cleared
                section.removedRules = read.removed
            case "globalRules":
                guard serverLevel else {
                    log.error(child.line, "<globalRules> is allowed in applicationHost.config at server level only; move it out of <location> or web.config")
                    continue
                }
                section.globalRules = readRules(child).rules
            case "rewriteMaps":
                for map in child.children {
                    guard map.name == "rewriteMap" else { log.unknownElement(map, in: child.name); continue }
                    if let read = readMap(map) { section.maps.append(read) }
                }
            case "outboundRules":
                section.hasOutboundRules = !child.children.isEmpty
                if section.hasOutboundRules {
                    log.note(PortingNote(.notImplemented, feature: "IIS URL Rewrite outbound rules (docs/rewrite.md)",
                                         item: "<outboundRules>", consequence: "responses are sent unchanged", line: child.line))
                }
            case "providers", "allowedServerVariables":
                // allowedServerVariables only gates which variables rules may set; every name is allowed here.
                continue
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return section
    }

    /// The rules of `<rules>` or `<globalRules>`, whether it has `<clear/>`, and the names it removes.
    private func readRules(_ element: ConfigElement) -> (rules: [URLRewriteRule], cleared: Bool, removed: [String]) {
        var rules: [URLRewriteRule] = []
        var cleared = false
        var removed: [String] = []
        for child in element.children {
            switch child.name {
            case "rule":
                guard let rule = readRule(child) else { continue }
                if rules.contains(where: { $0.name.lowercased() == rule.name.lowercased() }) {
                    log.error(child.line, "<rule name=\"\(rule.name)\">: a rule with this name is already defined in <\(element.name)>; rule names must be unique")
                    continue
                }
                rules.append(rule)
            case "clear":
                rules.removeAll()
                cleared = true
            case "remove":
                guard let name = log.required(child, "name") else { continue }
                rules.removeAll { $0.name.lowercased() == name.lowercased() }
                removed.append(name)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return (rules, cleared, removed)
    }

    private func readRule(_ element: ConfigElement) -> URLRewriteRule? {
        guard let name = log.required(element, "name") else { return nil }
        var rule = URLRewriteRule(name: name, line: element.line)
        rule.enabled = log.boolean(element, "enabled") ?? true
        rule.stopProcessing = log.boolean(element, "stopProcessing") ?? false
        if let syntax = choice(element, "patternSyntax", URLRewriteRule.PatternSyntax.self) { rule.patternSyntax = syntax }
        var matched = false
        for child in element.children {
            switch child.name {
            case "match":
                matched = true
                guard let url = child.attributes["url"] else {
                    log.error(child.line, "<match> needs a 'url' attribute (the pattern)")
                    return nil
                }
                rule.url = url
                rule.ignoreCase = log.boolean(child, "ignoreCase") ?? true
                rule.negate = log.boolean(child, "negate") ?? false
                if child.attributes["serverVariable"] != nil {
                    log.error(child.line, "<match serverVariable> belongs to outbound rules; an inbound rule matches 'url'")
                    return nil
                }
            case "conditions":
                if let grouping = child.attributes["logicalGrouping"] {
                    switch grouping.lowercased() {
                    case "matchall": rule.matchAny = false
                    case "matchany": rule.matchAny = true
                    default:
                        log.invalid(child, "logicalGrouping", grouping, expected: "must be MatchAll or MatchAny")
                        return nil
                    }
                }
                rule.trackAllCaptures = log.boolean(child, "trackAllCaptures") ?? false
                for add in child.children {
                    guard add.name == "add" else {
                        if add.name != "clear" { log.unknownElement(add, in: child.name) }
                        continue
                    }
                    guard let condition = readCondition(add) else { return nil }
                    rule.conditions.append(condition)
                }
            case "serverVariables":
                for set in child.children {
                    guard set.name == "set" else { log.unknownElement(set, in: child.name); continue }
                    guard let variable = log.required(set, "name") else { return nil }
                    rule.serverVariables.append(.init(name: variable, value: set.attributes["value"] ?? "",
                                                      replace: log.boolean(set, "replace") ?? true))
                }
            case "action":
                guard readAction(child, into: &rule) else { return nil }
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        if !matched {
            log.error(element.line, "<rule name=\"\(name)\"> has no <match url=...>; rule ignored")
            return nil
        }
        return rule
    }

    private func readCondition(_ element: ConfigElement) -> URLRewriteRule.Condition? {
        guard let input = log.required(element, "input") else { return nil }
        var condition = URLRewriteRule.Condition(input: input, line: element.line)
        if let type = choice(element, "matchType", URLRewriteRule.MatchType.self) { condition.matchType = type }
        condition.pattern = element.attributes["pattern"] ?? ""
        condition.ignoreCase = log.boolean(element, "ignoreCase") ?? true
        condition.negate = log.boolean(element, "negate") ?? false
        if condition.matchType == .pattern && element.attributes["pattern"] == nil {
            log.error(element.line, "<add input=\"\(input)\"> with matchType Pattern needs a 'pattern' attribute")
            return nil
        }
        return condition
    }

    private func readAction(_ element: ConfigElement, into rule: inout URLRewriteRule) -> Bool {
        if let type = choice(element, "type", URLRewriteRule.ActionType.self) {
            rule.action = type
        } else if element.attributes["type"] != nil {
            return false
        }
        rule.actionURL = element.attributes["url"] ?? ""
        rule.appendQueryString = log.boolean(element, "appendQueryString") ?? true
        if let type = element.attributes["redirectType"] {
            switch type.lowercased() {
            case "permanent": rule.redirectStatus = 301
            case "found": rule.redirectStatus = 302
            case "seeother": rule.redirectStatus = 303
            case "temporary": rule.redirectStatus = 307
            default:
                log.invalid(element, "redirectType", type, expected: "must be Permanent, Found, SeeOther or Temporary")
                return false
            }
        }
        if log.boolean(element, "logRewrittenUrl") == true {
            log.warning(element.line, "<action logRewrittenUrl=\"true\">: the log records the URL as received; ignored")
        }
        switch rule.action {
        case .rewrite, .redirect:
            if rule.actionURL.isEmpty {
                log.error(element.line, "<action type=\"\(rule.action.rawValue)\"> needs a non-empty 'url' attribute")
                return false
            }
        case .customResponse:
            guard let raw = log.required(element, "statusCode") else { return false }
            guard let status = Int(raw), (100...999).contains(status) else {
                log.invalid(element, "statusCode", raw, expected: "must be a number from 100 to 999")
                return false
            }
            rule.statusCode = status
            if let raw = element.attributes["subStatusCode"] {
                guard let sub = Int(raw), (0...999).contains(sub) else {
                    log.invalid(element, "subStatusCode", raw, expected: "must be a number from 0 to 999")
                    return false
                }
                rule.subStatusCode = sub
            }
            rule.statusReason = element.attributes["statusReason"] ?? ""
            rule.statusDescription = element.attributes["statusDescription"] ?? ""
        case .none, .abortRequest:
            break
        }
        return true
    }

    private func readMap(_ element: ConfigElement) -> URLRewriteMap? {
        guard let name = log.required(element, "name") else { return nil }
        var map = URLRewriteMap(name: name, line: element.line)
        map.defaultValue = element.attributes["defaultValue"] ?? ""
        map.ignoreCase = log.boolean(element, "ignoreCase") ?? true
        for add in element.children {
            guard add.name == "add" else { log.unknownElement(add, in: element.name); continue }
            guard let key = add.attributes["key"] else {
                log.error(add.line, "<add> in <rewriteMap name=\"\(name)\"> needs a 'key' attribute")
                continue
            }
            map.entries.append(.init(key: key, value: add.attributes["value"] ?? ""))
        }
        return map
    }

    /// An enumerated attribute, compared without regard to case as IIS does; an error when it is
    /// none of the values.
    private func choice<Value: RawRepresentable & CaseIterable>(_ element: ConfigElement, _ attribute: String,
                                                                _ type: Value.Type) -> Value? where Value.RawValue == String {
        guard let raw = element.attributes[attribute] else { return nil }
        if let value = Value.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) { return value }
        log.invalid(element, attribute, raw, expected: "must be one of " + Value.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }
}
