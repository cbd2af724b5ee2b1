import Config

/// Attribute checks for a section reader outside the Config target, reported through its
/// `SectionDiagnostics` with the element's line: Config's `AttributeChecks`, and the checks only
/// the URL Rewrite readers need.
struct SectionLog: AttributeChecks {
    let diagnostics: SectionDiagnostics

    func error(_ line: Int, _ message: String) { diagnostics.error(line: line, message) }
    func warning(_ line: Int, _ message: String) { diagnostics.warning(line: line, message) }

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
