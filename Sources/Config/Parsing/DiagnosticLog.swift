/// Collects diagnostics while a file is read; reading goes on after an error so that one run
/// reports every problem.
final class DiagnosticLog {
    let file: String
    private(set) var diagnostics: [ConfigDiagnostic] = []
    /// What is not run, for `check`'s summary (not warnings: one line per feature, not per entry).
    private(set) var notes: [PortingNote] = []

    init(file: String) { self.file = file }

    func error(_ line: Int, _ message: String) { diagnostics.append(ConfigDiagnostic(.error, file: file, line: line, message)) }
    func warning(_ line: Int, _ message: String) { diagnostics.append(ConfigDiagnostic(.warning, file: file, line: line, message)) }

    func note(_ note: PortingNote) {
        if !notes.contains(note) { notes.append(note) }
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// A required attribute, or an error naming the element, the attribute and the line.
    func required(_ element: ConfigElement, _ attribute: String) -> String? {
        guard let value = element.attributes[attribute], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            error(element.line, "<\(element.name)> needs a non-empty '\(attribute)' attribute")
            return nil
        }
        return value
    }

    /// An invalid attribute value.
    func invalid(_ element: ConfigElement, _ attribute: String, _ value: String, expected: String) {
        error(element.line, "<\(element.name) \(attribute)=\"\(value)\">: \(expected)")
    }

    func unknownElement(_ element: ConfigElement, in parent: String) {
        warning(element.line, "unknown element <\(element.name)> in <\(parent)>; ignored")
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}

extension Set<Character> {
    static let whitespaces: Set<Character> = [" ", "\t", "\n", "\r"]
}
