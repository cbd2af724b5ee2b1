import Config

/// The part of `isapi-bridge check` a porter acts on: what the file configures that does not run,
/// grouped by category and feature (one line each, not one per entry), with what requests that
/// need it get.
public enum PortingSummary {
    /// Past this many entries a group names the first ones and counts the rest (IIS's default file
    /// has some fifty classic-mode handlers).
    static let longGroup = 12

    public static func text(_ notes: [PortingNote]) -> String {
        var out = ""
        for category in PortingNote.Category.allCases {
            let inCategory = notes.filter { $0.category == category }
            guard !inCategory.isEmpty else { continue }
            out += "\(category.rawValue):\n"
            var features: [String] = []
            for note in inCategory where !features.contains(note.feature) { features.append(note.feature) }
            for feature in features {
                let group = inCategory.filter { $0.feature == feature }
                var items: [String] = []
                for note in group where !items.contains(note.item) { items.append(note.item) }
                var consequences: [String] = []
                for note in group where !consequences.contains(note.consequence) { consequences.append(note.consequence) }
                let shown = items.count > longGroup ? items.prefix(longGroup - 2) + ["and \(items.count - longGroup + 2) more"] : items[...]
                out += "  \(feature) (\(items.count)): \(shown.joined(separator: ", "))\n"
                out += "    -> \(consequences.joined(separator: "; "))\n"
                let paths = handlerPaths(group)
                if !paths.isEmpty { out += "    -> handler paths: \(paths.joined(separator: " "))\n" }
            }
        }
        return out
    }

    /// The distinct paths of the handler entries of a group (`handler NAME (PATH)`), so that a long
    /// group still says which requests get 500.21.
    static func handlerPaths(_ notes: [PortingNote]) -> [String] {
        var paths: [String] = []
        for note in notes where note.item.hasPrefix("handler ") && note.item.hasSuffix(")") && note.consequence == PortingFeature.handlerConsequence {
            guard let open = note.item.lastIndex(of: "(") else { continue }
            let path = String(note.item[note.item.index(after: open)..<note.item.index(before: note.item.endIndex)])
            if !paths.contains(path) { paths.append(path) }
        }
        return paths
    }
}
