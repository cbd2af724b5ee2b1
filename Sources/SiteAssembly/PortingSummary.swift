import Config

/// The part of `isapi-bridge check` a porter acts on: what the file configures that does not run,
/// grouped by category and feature (one line each, not one per entry), with what requests that
/// need it get.
public enum PortingSummary {
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
                out += "  \(feature) (\(items.count)): \(items.joined(separator: ", "))\n"
                out += "    -> \(consequences.joined(separator: "; "))\n"
            }
        }
        return out
    }
}
