/// The attribute checks every section reader makes, worded the same wherever the reader lives:
/// Config's own readers report through `DiagnosticLog`, SiteAssembly's section readers through
/// their `SectionDiagnostics` (`SectionLog`).
package protocol AttributeChecks {
    func error(_ line: Int, _ message: String)
    func warning(_ line: Int, _ message: String)
}

extension AttributeChecks {
    /// A required, non-blank attribute, or an error naming the element, the attribute and the line.
    package func required(_ element: ConfigElement, _ attribute: String) -> String? {
        guard let value = element.attributes[attribute], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            error(element.line, "<\(element.name)> needs a non-empty '\(attribute)' attribute")
            return nil
        }
        return value
    }

    /// An invalid attribute value, with what it must be.
    package func invalid(_ element: ConfigElement, _ attribute: String, _ value: String, expected: String) {
        error(element.line, "<\(element.name) \(attribute)=\"\(value)\">: \(expected)")
    }

    /// A `true`/`false` attribute (any case), nil when absent; an error when it is anything else.
    package func boolean(_ element: ConfigElement, _ attribute: String) -> Bool? {
        guard let raw = element.attributes[attribute] else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default:
            invalid(element, attribute, raw, expected: "must be true or false")
            return nil
        }
    }

    package func unknownElement(_ element: ConfigElement, in parent: String) {
        warning(element.line, "unknown element <\(element.name)> in <\(parent)>; ignored")
    }
}
