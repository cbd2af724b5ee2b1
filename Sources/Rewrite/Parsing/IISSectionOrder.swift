/// The order IIS runs URL Rewrite rules in, from the `<rewrite>` sections that apply to a directory
/// (parent level first, as the configuration merge lists them): every level's `<globalRules>`
/// first, then `<rules>` parent level first. A level's `<clear/>` or `<remove name>` stops the
/// inherited rules from applying in its directory (and below).
extension RuleSet {
    public static func compileIIS(sections: [IISRewriteSection]) -> RuleSet {
        compileIIS(IISSectionOrder.scopes(for: sections))
    }
}

enum IISSectionOrder {
    static func scopes(for sections: [IISRewriteSection]) -> [IISRuleScope] {
        var global: [IISRuleScope] = []
        var distributed: [IISRuleScope] = []
        for section in sections {
            if !section.globalRules.isEmpty {
                global.append(IISRuleScope(virtualDirectory: "/", rules: section.globalRules, maps: section.maps, file: section.file))
            }
            let removed = Set(section.removedRules.map { $0.lowercased() })
            for index in distributed.indices {
                for rule in distributed[index].rules.indices
                where section.clearsInheritedRules || removed.contains(distributed[index].rules[rule].name.lowercased()) {
                    distributed[index].rules[rule].excludedDirectories.append(section.virtualDirectory)
                }
            }
            distributed.append(IISRuleScope(virtualDirectory: section.virtualDirectory, rules: section.rules,
                                            maps: section.globalRules.isEmpty ? section.maps : [], file: section.file))
        }
        return global + distributed
    }
}
