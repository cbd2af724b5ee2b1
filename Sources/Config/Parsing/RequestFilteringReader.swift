/// Reads `<security><requestFiltering>` into `RequestFilteringEdits`; bad values are errors naming
/// the element and line.
struct RequestFilteringReader {
    let log: DiagnosticLog

    func read(_ element: ConfigElement) -> RequestFilteringEdits {
        var edits = RequestFilteringEdits()
        edits.allowDoubleEscaping = boolean(element, "allowDoubleEscaping")
        edits.allowHighBitCharacters = boolean(element, "allowHighBitCharacters")
        for child in element.children {
            switch child.name {
            case "fileExtensions":
                edits.fileExtensionsAllowUnlisted = boolean(child, "allowUnlisted")
                edits.fileExtensions = collection(child, key: "fileExtension") { entry, name in
                    guard name.hasPrefix(".") else {
                        log.invalid(entry, "fileExtension", name, expected: "an extension starts with a dot, as in \".config\"")
                        return nil
                    }
                    return ListedName(name: name.lowercased(), allowed: boolean(entry, "allowed") ?? true)
                }
            case "verbs":
                edits.verbsAllowUnlisted = boolean(child, "allowUnlisted")
                edits.verbs = collection(child, key: "verb") { entry, name in
                    ListedName(name: name, allowed: boolean(entry, "allowed") ?? true)
                }
            case "hiddenSegments":
                edits.hiddenSegments = collection(child, key: "segment") { _, name in
                    guard !name.contains("/") else {
                        log.invalid(child, "segment", name, expected: "a segment is one path component, without '/'")
                        return nil
                    }
                    return name
                }
            case "denyUrlSequences":
                edits.denyURLSequences = collection(child, key: "sequence") { _, name in name }
            case "requestLimits":
                edits.maxAllowedContentLength = count(child, "maxAllowedContentLength")
                edits.maxURL = count(child, "maxUrl")
                edits.maxQueryString = count(child, "maxQueryString")
                for limit in child.children {
                    log.warning(limit.line, "<requestLimits><\(limit.name)> is not supported by isapi-bridge; ignored")
                }
            case "alwaysAllowedUrls", "alwaysAllowedQueryStrings", "denyQueryStringSequences", "filteringRules":
                log.warning(child.line, "<requestFiltering><\(child.name)> is not supported by isapi-bridge yet; ignored")
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
    }

    /// `<add key=.../>`, `<remove key=.../>`, `<clear/>`.
    private func collection<Entry>(_ element: ConfigElement, key: String,
                                   _ make: (ConfigElement, String) -> Entry?) -> [CollectionEdit<Entry>] {
        var edits: [CollectionEdit<Entry>] = []
        for child in element.children {
            switch child.name {
            case "add":
                if let name = log.required(child, key), let entry = make(child, name) {
                    edits.append(.add(entry, name: name, line: child.line))
                }
            case "remove":
                if let name = log.required(child, key) { edits.append(.remove(name: name, line: child.line)) }
            case "clear":
                edits.append(.clear)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
    }

    private func boolean(_ element: ConfigElement, _ attribute: String) -> Bool? {
        guard let raw = element.attributes[attribute] else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default:
            log.invalid(element, attribute, raw, expected: "must be true or false")
            return nil
        }
    }

    private func count(_ element: ConfigElement, _ attribute: String) -> Int? {
        guard let raw = element.attributes[attribute] else { return nil }
        guard let value = Int(raw), value >= 0, value <= Int(UInt32.max) else {
            log.invalid(element, attribute, raw, expected: "must be a whole number of bytes from 0 to 4294967295")
            return nil
        }
        return value
    }
}
