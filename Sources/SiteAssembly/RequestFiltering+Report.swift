import Pipeline

extension RequestFiltering {
    /// One line for `check`: what differs from the IIS defaults.
    var reportSummary: String {
        guard self != .default else { return "IIS defaults" }
        var parts: [String] = []
        if allowDoubleEscaping { parts.append("double escaping allowed") }
        if !allowHighBitCharacters { parts.append("non-ASCII refused") }
        func listed(_ rule: ListedRule) -> String {
            let denied = rule.entries.filter { !$0.allowed }.map(\.name)
            let allowed = rule.entries.filter(\.allowed).map(\.name)
            var text = rule.allowUnlisted ? "" : "only " + allowed.joined(separator: " ")
            if !denied.isEmpty { text += (text.isEmpty ? "" : "; ") + "deny " + denied.joined(separator: " ") }
            return text
        }
        if fileExtensions != ListedRule() { parts.append("extensions: " + listed(fileExtensions)) }
        if verbs != ListedRule() { parts.append("verbs: " + listed(verbs)) }
        if !hiddenSegments.isEmpty { parts.append("hidden: " + hiddenSegments.joined(separator: " ")) }
        if !denyURLSequences.isEmpty { parts.append("deny sequences: " + denyURLSequences.joined(separator: " ")) }
        let defaults = RequestFiltering.default
        if maxURL != defaults.maxURL { parts.append("maxUrl \(maxURL)") }
        if maxQueryString != defaults.maxQueryString { parts.append("maxQueryString \(maxQueryString)") }
        if maxAllowedContentLength != defaults.maxAllowedContentLength {
            parts.append("maxAllowedContentLength \(maxAllowedContentLength)")
        }
        if maxRequestEntityAllowed != defaults.maxRequestEntityAllowed { parts.append("maxRequestEntityAllowed \(maxRequestEntityAllowed)") }
        if !denyQueryStringSequences.isEmpty { parts.append("deny query sequences: " + denyQueryStringSequences.joined(separator: " ")) }
        if !alwaysAllowedURLs.isEmpty { parts.append("always allowed URLs: " + alwaysAllowedURLs.joined(separator: " ")) }
        if !alwaysAllowedQueryStrings.isEmpty { parts.append("always allowed query strings: \(alwaysAllowedQueryStrings.count)") }
        if !headerLimits.isEmpty { parts.append("header limits: " + headerLimits.map { "\($0.header) \($0.sizeLimit)" }.joined(separator: ", ")) }
        if !filteringRules.isEmpty { parts.append("rules: " + filteringRules.map(\.name).joined(separator: ", ")) }
        return parts.joined(separator: ", ")
    }
}
