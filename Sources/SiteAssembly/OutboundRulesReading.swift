import Foundation
import Config
import Rewrite

/// Reads `<outboundRules>`: `<rule>`s with `<match serverVariable|filterByTags customTags pattern>`
/// and `<action type="Rewrite|None" value>`, `<preConditions>` and `<customTags>`.
struct OutboundRulesReading {
    let log: SectionLog

    func read(_ element: ConfigElement) -> IISOutboundSection {
        var section = IISOutboundSection()
        for child in element.children {
            switch child.name {
            case "rule":
                guard let rule = readRule(child) else { continue }
                if section.rules.contains(where: { $0.name.lowercased() == rule.name.lowercased() }) {
                    log.error(child.line, "<rule name=\"\(rule.name)\">: a rule with this name is already defined in <outboundRules>; rule names must be unique")
                    continue
                }
                section.rules.append(rule)
            case "clear":
                section.rules.removeAll()
                section.clearsInheritedRules = true
            case "remove":
                guard let name = log.required(child, "name") else { continue }
                section.rules.removeAll { $0.name.lowercased() == name.lowercased() }
                section.removedRules.append(name)
            case "preConditions":
                for condition in child.children {
                    guard condition.name == "preCondition" else {
                        if condition.name != "clear" { log.unknownElement(condition, in: child.name) }
                        continue
                    }
                    if let read = readPreCondition(condition) { section.preConditions.append(read) }
                }
            case "customTags":
                for group in child.children {
                    guard group.name == "tags" else {
                        if group.name != "clear" { log.unknownElement(group, in: child.name) }
                        continue
                    }
                    guard let name = log.required(group, "name") else { continue }
                    var tags = IISCustomTagsDefinition(name: name)
                    for tag in group.children {
                        guard tag.name == "tag" else { log.unknownElement(tag, in: group.name); continue }
                        guard let element = log.required(tag, "name"), let attribute = log.required(tag, "attribute") else { continue }
                        tags.tags.append(IISTagAttribute(element: element, attribute: attribute))
                    }
                    section.customTags.append(tags)
                }
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return section
    }

    private func readRule(_ element: ConfigElement) -> IISOutboundRuleDefinition? {
        guard let name = log.required(element, "name") else { return nil }
        var rule = IISOutboundRuleDefinition(name: name, pattern: "")
        rule.line = element.line
        rule.enabled = log.boolean(element, "enabled") ?? true
        rule.stopProcessing = log.boolean(element, "stopProcessing") ?? false
        rule.preCondition = element.attributes["preCondition"] ?? ""
        if let syntax = log.choice(element, "patternSyntax", IISRuleDefinition.PatternSyntax.self) { rule.patternSyntax = syntax }
        var matched = false
        for child in element.children {
            switch child.name {
            case "match":
                matched = true
                guard let pattern = child.attributes["pattern"] else {
                    log.error(child.line, "<match> of an outbound rule needs a 'pattern' attribute")
                    return nil
                }
                rule.pattern = pattern
                rule.serverVariable = child.attributes["serverVariable"] ?? ""
                rule.filterByTags = (child.attributes["filterByTags"] ?? "").split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                rule.customTags = child.attributes["customTags"] ?? ""
                rule.ignoreCase = log.boolean(child, "ignoreCase") ?? true
                rule.negate = log.boolean(child, "negate") ?? false
            case "action":
                switch (child.attributes["type"] ?? "None").lowercased() {
                case "rewrite":
                    rule.rewrites = true
                    guard let value = child.attributes["value"] else {
                        log.error(child.line, "<action type=\"Rewrite\"> of an outbound rule needs a 'value' attribute")
                        return nil
                    }
                    rule.value = value
                case "none":
                    rule.rewrites = false
                default:
                    log.invalid(child, "type", child.attributes["type"] ?? "", expected: "must be Rewrite or None in an outbound rule")
                    return nil
                }
            case "conditions":
                if !child.children.isEmpty {
                    log.warning(child.line, "<conditions> of outbound rule '\(name)' are not supported (only preConditions); rule ignored")
                    return nil
                }
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        if !matched {
            log.error(element.line, "<rule name=\"\(name)\"> has no <match>; rule ignored")
            return nil
        }
        return rule
    }

    private func readPreCondition(_ element: ConfigElement) -> IISPreConditionDefinition? {
        guard let name = log.required(element, "name") else { return nil }
        var condition = IISPreConditionDefinition(name: name)
        condition.line = element.line
        guard let grouping = log.grouping(element) else { return nil }
        condition.matchAny = grouping
        if let syntax = log.choice(element, "patternSyntax", IISRuleDefinition.PatternSyntax.self) { condition.patternSyntax = syntax }
        for add in element.children {
            guard add.name == "add" else { log.unknownElement(add, in: element.name); continue }
            guard let input = log.required(add, "input") else { continue }
            var check = IISPreConditionDefinition.Check(input: input, pattern: add.attributes["pattern"] ?? "")
            check.ignoreCase = log.boolean(add, "ignoreCase") ?? true
            check.negate = log.boolean(add, "negate") ?? false
            check.line = add.line
            condition.checks.append(check)
        }
        return condition
    }
}
