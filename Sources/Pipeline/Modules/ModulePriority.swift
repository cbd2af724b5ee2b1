/// The priority aliases of `httpserv.h` (`PRIORITY_ALIAS_FIRST` ... `LAST`).
/// Lower raw value runs earlier, except for SendResponse, where the order is reversed.
public enum ModulePriority: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case first = 0, high, medium, low, last

    /// Parses the IIS alias (`"FIRST"`, `"High"` ...), case-insensitively.
    public init?(alias: String) {
        switch alias.uppercased() {
        case "FIRST": self = .first
        case "HIGH": self = .high
        case "MEDIUM": self = .medium
        case "LOW": self = .low
        case "LAST": self = .last
        default: return nil
        }
    }

    public static func < (a: ModulePriority, b: ModulePriority) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .first: "FIRST"
        case .high: "HIGH"
        case .medium: "MEDIUM"
        case .low: "LOW"
        case .last: "LAST"
        }
    }
}
