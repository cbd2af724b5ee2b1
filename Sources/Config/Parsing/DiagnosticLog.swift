/// Collects diagnostics while a file is read; reading goes on after an error so that one run
/// reports every problem.
final class DiagnosticLog: AttributeChecks {
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

    /// A collection's edits in order: `<add key=.../>` (made by `make`), `<remove key=.../>`, `<clear/>`.
    func collectionEdits<Entry>(_ element: ConfigElement, key: String,
                                _ make: (ConfigElement, String) -> Entry?) -> [CollectionEdit<Entry>] {
        var edits: [CollectionEdit<Entry>] = []
        for child in element.children {
            switch child.name {
            case "add":
                if let name = required(child, key), let entry = make(child, name) {
                    edits.append(.add(entry, name: name, line: child.line))
                }
            case "remove":
                if let name = required(child, key) { edits.append(.remove(name: name, line: child.line)) }
            case "clear":
                edits.append(.clear)
            default:
                unknownElement(child, in: element.name)
            }
        }
        return edits
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
