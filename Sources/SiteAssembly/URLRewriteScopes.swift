import Config
import Rewrite

/// The IIS URL Rewrite sections that apply to a site, as the rewrite engine's scopes in evaluation
/// order: every level's `<globalRules>` first, then `<rules>` parent level first. A level's
/// `<clear/>` or `<remove name>` stops the inherited rules from applying in its directory.
package enum URLRewriteScopes {
    package static func scopes(for sections: [URLRewriteSection]) -> [IISRuleScope] {
        var global: [IISRuleScope] = []
        var distributed: [IISRuleScope] = []
        for section in sections {
            let maps = section.maps.map { map in
                IISRewriteMapDefinition(name: map.name, defaultValue: map.defaultValue, ignoreCase: map.ignoreCase,
                                        entries: map.entries.map { ($0.key, $0.value) }, line: map.line)
            }
            if !section.globalRules.isEmpty {
                global.append(IISRuleScope(virtualDirectory: "/", rules: section.globalRules.map(definition), maps: maps, file: section.file))
            }
            let removed = Set(section.removedRules.map { $0.lowercased() })
            for index in distributed.indices {
                for rule in distributed[index].rules.indices
                where section.clearsInheritedRules || removed.contains(distributed[index].rules[rule].name.lowercased()) {
                    distributed[index].rules[rule].excludedDirectories.append(section.virtualDirectory)
                }
            }
            distributed.append(IISRuleScope(virtualDirectory: section.virtualDirectory, rules: section.rules.map(definition),
                                            maps: section.globalRules.isEmpty ? maps : [], file: section.file))
        }
        return global + distributed
    }

    static func definition(_ rule: URLRewriteRule) -> IISRuleDefinition {
        var definition = IISRuleDefinition(name: rule.name, url: rule.url)
        definition.enabled = rule.enabled
        definition.stopProcessing = rule.stopProcessing
        definition.patternSyntax = IISRuleDefinition.PatternSyntax(rawValue: rule.patternSyntax.rawValue) ?? .ecmaScript
        definition.ignoreCase = rule.ignoreCase
        definition.negate = rule.negate
        definition.matchAny = rule.matchAny
        definition.trackAllCaptures = rule.trackAllCaptures
        definition.conditions = rule.conditions.map {
            IISRuleDefinition.Condition(input: $0.input, matchType: .init(rawValue: $0.matchType.rawValue) ?? .pattern,
                                        pattern: $0.pattern, ignoreCase: $0.ignoreCase, negate: $0.negate, line: $0.line)
        }
        definition.serverVariables = rule.serverVariables.map { .init(name: $0.name, value: $0.value, replace: $0.replace) }
        definition.action = IISRuleDefinition.ActionType(rawValue: rule.action.rawValue) ?? .none
        definition.actionURL = rule.actionURL
        definition.appendQueryString = rule.appendQueryString
        definition.redirectStatus = rule.redirectStatus
        definition.statusCode = rule.statusCode
        definition.subStatusCode = rule.subStatusCode
        definition.statusReason = rule.statusReason
        definition.statusDescription = rule.statusDescription
        definition.line = rule.line
        return definition
    }
}
