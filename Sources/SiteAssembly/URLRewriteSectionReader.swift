import Config
import Rewrite

/// Reads the IIS URL Rewrite module's `<rewrite>` element (`<rules>`, `<globalRules>`,
/// `<rewriteMaps>`, `<outboundRules>`) into the rewrite engine's `IISRewriteSection`, checking
/// attribute values as IIS's schema does. Registered as the `ConfigSectionReader` for `rewrite`
/// (`ConfigReader.withURLRewrite()`), so it sees every level: applicationHost.config's server level
/// and `<location>`s, and each web.config, with the directory the level applies to.
public struct URLRewriteSectionReader: ConfigSectionReader {
    public init() {}

    public func read(_ element: ConfigElement, virtualPath: String, diagnostics: SectionDiagnostics) -> (any Sendable)? {
        read(element, virtualPath: virtualPath, serverLevel: false, diagnostics: diagnostics)
    }

    public func read(_ element: ConfigElement, virtualPath: String, serverLevel: Bool, diagnostics: SectionDiagnostics) -> (any Sendable)? {
        var reading = Reading(log: SectionLog(diagnostics: diagnostics), serverLevel: serverLevel)
        return reading.section(element, virtualDirectory: virtualPath)
    }
}

/// One `<rewrite>` element being read.
private struct Reading {
    let log: SectionLog
    /// applicationHost.config's server level: the only place `<globalRules>` is allowed.
    let serverLevel: Bool

    mutating func section(_ element: ConfigElement, virtualDirectory: String) -> IISRewriteSection {
        var section = IISRewriteSection(virtualDirectory: virtualDirectory, file: log.diagnostics.file, line: element.line)
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
                section.outbound = OutboundRulesReading(log: log).read(child)
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
    private func readRules(_ element: ConfigElement) -> (rules: [IISRuleDefinition], cleared: Bool, removed: [String]) {
        var rules: [IISRuleDefinition] = []
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

    private func readRule(_ element: ConfigElement) -> IISRuleDefinition? {
        guard let name = log.required(element, "name") else { return nil }
        var rule = IISRuleDefinition(name: name, url: "")
        rule.line = element.line
        rule.enabled = log.boolean(element, "enabled") ?? true
        rule.stopProcessing = log.boolean(element, "stopProcessing") ?? false
        if let syntax = log.choice(element, "patternSyntax", IISRuleDefinition.PatternSyntax.self) { rule.patternSyntax = syntax }
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
                guard let grouping = log.grouping(child) else { return nil }
                rule.matchAny = grouping
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

    private func readCondition(_ element: ConfigElement) -> IISRuleDefinition.Condition? {
        guard let input = log.required(element, "input") else { return nil }
        var condition = IISRuleDefinition.Condition(input: input, line: element.line)
        if let type = log.choice(element, "matchType", IISRuleDefinition.Condition.MatchType.self) { condition.matchType = type }
        condition.pattern = element.attributes["pattern"] ?? ""
        condition.ignoreCase = log.boolean(element, "ignoreCase") ?? true
        condition.negate = log.boolean(element, "negate") ?? false
        if condition.matchType == .pattern && element.attributes["pattern"] == nil {
            log.error(element.line, "<add input=\"\(input)\"> with matchType Pattern needs a 'pattern' attribute")
            return nil
        }
        return condition
    }

    private func readAction(_ element: ConfigElement, into rule: inout IISRuleDefinition) -> Bool {
        if let type = log.choice(element, "type", IISRuleDefinition.ActionType.self) {
            rule.action = type
        } else if element.attributes["type"] != nil {
            return false
        }
        rule.actionURL = element.attributes["url"] ?? ""
        rule.appendQueryString = log.boolean(element, "appendQueryString") ?? true
        rule.logRewrittenURL = log.boolean(element, "logRewrittenUrl") ?? false
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

    private func readMap(_ element: ConfigElement) -> IISRewriteMapDefinition? {
        guard let name = log.required(element, "name") else { return nil }
        var entries: [(key: String, value: String)] = []
        for add in element.children {
            guard add.name == "add" else { log.unknownElement(add, in: element.name); continue }
            guard let key = add.attributes["key"] else {
                log.error(add.line, "<add> in <rewriteMap name=\"\(name)\"> needs a 'key' attribute")
                continue
            }
            entries.append((key, add.attributes["value"] ?? ""))
        }
        return IISRewriteMapDefinition(name: name, defaultValue: element.attributes["defaultValue"] ?? "",
                                       ignoreCase: log.boolean(element, "ignoreCase") ?? true, entries: entries, line: element.line)
    }
}
