/// One entry of an IIS collection element: `<add>` (or `<filter>`), `<remove name>` or `<clear/>`.
enum CollectionEdit<Entry: Sendable>: Sendable {
    case add(Entry, name: String, line: Int)
    case remove(name: String, line: Int)
    case clear
}

/// Applies collection edits in order, the way IIS merges a lower level onto an inherited list.
struct CollectionMerge<Entry: Sendable> {
    var entries: [(name: String, entry: Entry)] = []

    /// - Parameter report: told about duplicate adds (error) and removes of unknown names (warning).
    mutating func apply(_ edits: [CollectionEdit<Entry>], collection: String,
                        report: (ConfigDiagnostic.Severity, Int, String) -> Void) {
        for edit in edits {
            switch edit {
            case .add(let entry, let name, let line):
                if entries.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                    report(.error, line, "<\(collection)> already has an entry named '\(name)'; names must be unique (use <remove name=\"\(name)\"/> first to replace it)")
                } else {
                    entries.append((name, entry))
                }
            case .remove(let name, let line):
                let before = entries.count
                entries.removeAll { $0.name.lowercased() == name.lowercased() }
                if entries.count == before {
                    report(.warning, line, "<remove name=\"\(name)\"/> in <\(collection)>: no entry of that name; ignored")
                }
            case .clear:
                entries.removeAll()
            }
        }
    }

    var values: [Entry] { entries.map(\.entry) }
}
