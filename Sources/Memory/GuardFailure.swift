/// A block whose tail guard was overwritten: someone wrote past the end of what they asked for.
public struct GuardFailure: Sendable, Equatable, CustomStringConvertible {
    public let scope: ScopeKind
    public let address: UInt
    public let byteCount: Int
    public let owner: AllocationOwner
    /// The request during which the block was allocated (the host's request serial number).
    public let requestID: UInt64

    public var description: String {
        let hex = String(address, radix: 16)
        return "\(scope)-scoped block at 0x\(hex) of \(byteCount) bytes, allocated by '\(owner.name)' "
            + "during request #\(requestID), was modified past its end (tail guard damaged)"
    }
}
