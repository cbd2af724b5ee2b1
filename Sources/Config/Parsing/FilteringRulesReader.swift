/// Reads `<requestFiltering><filteringRules>`: `<filteringRule name=... scanUrl scanQueryString
/// scanAllRaw denyUnescapedPercent>` with `<scanHeaders>`, `<appliesTo>` and `<denyStrings>`
/// lists (each `<add>`/`<remove>`/`<clear/>`, merged inside the rule), plus `<remove name>` and
/// `<clear/>` of whole rules.
struct FilteringRulesReader {
    let log: DiagnosticLog

    func read(_ element: ConfigElement) -> [CollectionEdit<FilteringRuleEntry>] {
        var edits: [CollectionEdit<FilteringRuleEntry>] = []
        for child in element.children {
            switch child.name {
            case "filteringRule", "add":
                guard let name = log.required(child, "name") else { continue }
                edits.append(.add(rule(child, name: name), name: name, line: child.line))
            case "remove":
                if let name = log.required(child, "name") { edits.append(.remove(name: name, line: child.line)) }
            case "clear":
                edits.append(.clear)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
    }

    private func rule(_ element: ConfigElement, name: String) -> FilteringRuleEntry {
        var rule = FilteringRuleEntry(name: name)
        rule.scanURL = log.boolean(element, "scanUrl") ?? false
        rule.scanQueryString = log.boolean(element, "scanQueryString") ?? false
        rule.scanAllRaw = log.boolean(element, "scanAllRaw") ?? false
        rule.denyUnescapedPercent = log.boolean(element, "denyUnescapedPercent") ?? false
        for list in element.children {
            func names(_ key: String) -> [String] {
                var merge = CollectionMerge<String>()
                merge.apply(log.collectionEdits(list, key: key) { _, value in value }, collection: list.name) { severity, line, message in
                    severity == .error ? log.error(line, message) : log.warning(line, message)
                }
                return merge.values
            }
            switch list.name {
            case "scanHeaders": rule.scanHeaders = names("requestHeader")
            case "appliesTo":
                rule.appliesTo = names("fileExtension").map { $0.lowercased() }
                for ext in rule.appliesTo where !ext.hasPrefix(".") {
                    log.invalid(list, "fileExtension", ext, expected: "an extension starts with a dot, as in \".asp\"")
                }
            case "denyStrings": rule.denyStrings = names("string")
            default: log.unknownElement(list, in: element.name)
            }
        }
        return rule
    }
}
