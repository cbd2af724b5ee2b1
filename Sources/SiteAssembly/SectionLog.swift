import Config

/// Attribute checks for a section reader outside the Config target, reported through its
/// `SectionDiagnostics` with the element's line, worded as Config's own readers word them.
struct SectionLog {
    let diagnostics: SectionDiagnostics

    func error(_ line: Int, _ message: String) { diagnostics.error(line: line, message) }
    func warning(_ line: Int, _ message: String) { diagnostics.warning(line: line, message) }

    /// A required, non-blank attribute, or an error naming it.
    func required(_ element: ConfigElement, _ attribute: String) -> String? {
        guard let value = element.attributes[attribute], !value.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            error(element.line, "<\(element.name)> needs a non-empty '\(attribute)' attribute")
            return nil
        }
        return value
    }

    func invalid(_ element: ConfigElement, _ attribute: String, _ value: String, expected: String) {
        error(element.line, "<\(element.name) \(attribute)=\"\(value)\">: \(expected)")
    }

    /// `true`/`false` in any case; nil when absent; an error when anything else.
    func boolean(_ element: ConfigElement, _ attribute: String) -> Bool? {
        guard let raw = element.attributes[attribute] else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default:
            invalid(element, attribute, raw, expected: "must be true or false")
            return nil
        }
    }

    func unknownElement(_ element: ConfigElement, in parent: String) {
        warning(element.line, "unknown element <\(element.name)> in <\(parent)>; ignored")
    }

    /// An enumerated attribute, compared without regard to case as IIS does; an error when it is
    /// none of the values.
    func choice<Value: RawRepresentable & CaseIterable>(_ element: ConfigElement, _ attribute: String,
                                                        _ type: Value.Type) -> Value? where Value.RawValue == String {
        guard let raw = element.attributes[attribute] else { return nil }
        if let value = Value.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) { return value }
        invalid(element, attribute, raw, expected: "must be one of " + Value.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }

    /// `logicalGrouping`: true for MatchAny, false for MatchAll (the default); nil after an error.
    func grouping(_ element: ConfigElement) -> Bool? {
        guard let raw = element.attributes["logicalGrouping"] else { return false }
        switch raw.lowercased() {
        case "matchall": return false
        case "matchany": return true
        default:
            invalid(element, "logicalGrouping", raw, expected: "must be MatchAll or MatchAny")
            return nil
        }
    }
}
