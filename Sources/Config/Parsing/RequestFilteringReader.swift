/// Reads `<security><requestFiltering>` into `RequestFilteringEdits`; bad values are errors naming
/// the element and line.
struct RequestFilteringReader {
    let log: DiagnosticLog

    func read(_ element: ConfigElement) -> RequestFilteringEdits {
        var edits = RequestFilteringEdits()
        edits.allowDoubleEscaping = log.boolean(element, "allowDoubleEscaping")
        edits.allowHighBitCharacters = log.boolean(element, "allowHighBitCharacters")
        edits.unescapeQueryString = log.boolean(element, "unescapeQueryString")
        if log.boolean(element, "removeServerHeader") == true {
            log.warning(element.line, "<requestFiltering removeServerHeader=\"true\">: isapi-bridge always sends its Server header; ignored")
        }
        for child in element.children {
            switch child.name {
            case "fileExtensions":
                edits.fileExtensionsAllowUnlisted = log.boolean(child, "allowUnlisted")
                edits.fileExtensionsApplyToWebDAV = log.boolean(child, "applyToWebDAV")
                edits.fileExtensions = log.collectionEdits(child, key: "fileExtension") { entry, name in
                    guard name.hasPrefix(".") else {
                        log.invalid(entry, "fileExtension", name, expected: "an extension starts with a dot, as in \".config\"")
                        return nil
                    }
                    return ListedName(name: name.lowercased(), allowed: log.boolean(entry, "allowed") ?? true)
                }
            case "verbs":
                edits.verbsAllowUnlisted = log.boolean(child, "allowUnlisted")
                edits.verbs = log.collectionEdits(child, key: "verb") { entry, name in
                    ListedName(name: name, allowed: log.boolean(entry, "allowed") ?? true)
                }
            case "hiddenSegments":
                edits.hiddenSegmentsApplyToWebDAV = log.boolean(child, "applyToWebDAV")
                edits.hiddenSegments = log.collectionEdits(child, key: "segment") { _, name in
                    guard !name.contains("/") else {
                        log.invalid(child, "segment", name, expected: "a segment is one path component, without '/'")
                        return nil
                    }
                    return name
                }
            case "denyUrlSequences":
                edits.denyURLSequences = log.collectionEdits(child, key: "sequence") { _, name in name }
            case "requestLimits":
                edits.maxAllowedContentLength = count(child, "maxAllowedContentLength")
                edits.maxURL = count(child, "maxUrl")
                edits.maxQueryString = count(child, "maxQueryString")
                for limit in child.children {
                    guard limit.name == "headerLimits" else {
                        log.unknownElement(limit, in: child.name)
                        continue
                    }
                    edits.headerLimits += log.collectionEdits(limit, key: "header") { entry, name in
                        guard log.required(entry, "sizeLimit") != nil, let size = count(entry, "sizeLimit") else { return nil }
                        return HeaderLimitEntry(header: name, sizeLimit: size)
                    }
                }
            case "alwaysAllowedUrls":
                edits.alwaysAllowedURLs = log.collectionEdits(child, key: "url") { _, name in name }
            case "alwaysAllowedQueryStrings":
                edits.alwaysAllowedQueryStrings = log.collectionEdits(child, key: "queryString") { _, name in name }
            case "denyQueryStringSequences":
                edits.denyQueryStringSequences = log.collectionEdits(child, key: "sequence") { _, name in name }
            case "filteringRules":
                edits.filteringRules = FilteringRulesReader(log: log).read(child)
            default:
                log.unknownElement(child, in: element.name)
            }
        }
        return edits
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
