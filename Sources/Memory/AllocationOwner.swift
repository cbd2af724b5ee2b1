import Synchronization

/// Names the filter or module that asked for a block, so a damaged guard can name the culprit.
///
/// Block headers store only this 32-bit id; the name is looked up when a report is written.
public struct AllocationOwner: Hashable, Sendable, CustomStringConvertible {
    public let id: UInt32

    /// Memory the host itself allocated.
    public static let host = AllocationOwner(id: 0)

    /// Returns the owner for `name`, registering it on first use. Call at load time, not per request.
    public static func named(_ name: String) -> AllocationOwner {
        OwnerNames.shared.register(name)
    }

    public var name: String { OwnerNames.shared.name(of: id) }
    public var description: String { name }

    @usableFromInline init(id: UInt32) { self.id = id }
}

/// Append-only table of owner names, shared by every arena in the process.
final class OwnerNames: Sendable {
    static let shared = OwnerNames()

    private let table = Mutex<(names: [String], ids: [String: UInt32])>((["host"], ["host": 0]))

    func register(_ name: String) -> AllocationOwner {
        table.withLock { table in
            if let id = table.ids[name] { return AllocationOwner(id: id) }
            let id = UInt32(table.names.count)
            table.names.append(name)
            table.ids[name] = id
            return AllocationOwner(id: id)
        }
    }

    func name(of id: UInt32) -> String {
        table.withLock { table in
            Int(id) < table.names.count ? table.names[Int(id)] : "owner #\(id)"
        }
    }
}
