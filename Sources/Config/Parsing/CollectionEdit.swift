/// One entry of an IIS collection element: `<add>` (or `<filter>`), `<remove name>` or `<clear/>`.
enum CollectionEdit<Entry: Sendable>: Sendable {
    case add(Entry, name: String, line: Int)
    case remove(name: String, line: Int)
    case clear
}

/// Applies collection edits in order, the way IIS merges a lower level onto an inherited list.
struct CollectionMerge<Entry: Sendable> {
    var entries: [(name: String, entry: Entry)] = []
    /// IIS's `mergeAppend="false"` (the `handlers` collection): what a level adds goes before what
    /// it inherits, in its own order, so a `web.config`'s handler wins over the server's `*` one.
    var prependsEachLevel = false

    /// Applies one level's edits. - Parameter report: told about duplicate adds (error) and
    /// removes of unknown names (warning).
    mutating func apply(_ edits: [CollectionEdit<Entry>], collection: String,
                        report: (ConfigDiagnostic.Severity, Int, String) -> Void) {
        var insertAt = 0
        for edit in edits {
            switch edit {
            case .add(let entry, let name, let line):
                if entries.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                    report(.error, line, "<\(collection)> already has an entry named '\(name)'; names must be unique (use <remove name=\"\(name)\"/> first to replace it)")
                } else if prependsEachLevel {
                    entries.insert((name, entry), at: insertAt)
                    insertAt += 1
                } else {
                    entries.append((name, entry))
                }
            case .remove(let name, let line):
                guard let index = entries.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                    report(.warning, line, "<remove name=\"\(name)\"/> in <\(collection)>: no entry of that name; ignored")
                    continue
                }
                entries.remove(at: index)
                if index < insertAt { insertAt -= 1 }
            case .clear:
                entries.removeAll()
                insertAt = 0
            }
        }
    }

    var values: [Entry] { entries.map(\.entry) }
}
