import Logging

/// Connection-scoped memory: what `HTTP_FILTER_CONTEXT::AllocMem` returns.
///
/// Blocks stay valid across every request of a keep-alive connection and are freed together by
/// `release()`, after END_OF_NET_SESSION. Unlike IIS, the total is capped: past `byteCap` allocation
/// returns `nil`, the refusal is logged once, and `onCapReached` tells the connection's owner so it
/// can close the connection after the current response.
public final class ConnectionArena: Arena {
    public let byteCap: Int?
    /// Called once, on the first refused allocation.
    @exclusivity(unchecked) public var onCapReached: ((AllocationOwner) -> Void)?
    @exclusivity(unchecked) public private(set) var capReached = false
    @exclusivity(unchecked) public private(set) var isReleased = false

    public init(pool: ChunkPool, configuration: MemoryConfiguration = .default,
                accounting: MemoryAccounting = .shared,
                logger: Logger = Logger(label: "isapi-bridge.memory")) {
        self.byteCap = configuration.connectionByteCap
        super.init(scope: .connection, pool: pool, configuration: configuration, accounting: accounting, logger: logger)
    }

    public func allocate(byteCount: Int, owner: AllocationOwner = .host) -> UnsafeMutableRawPointer? {
        precondition(!isReleased, "ConnectionArena used after release")
        if let byteCap, byteCount > byteCap - liveByteCount {
            accounting.capHit(.connection)
            if !capReached {
                capReached = true
                logger.warning(
                    "connection memory cap reached: '\(owner.name)' asked for \(byteCount) bytes with \(liveByteCount) of \(byteCap) in use; AllocMem returns NULL and the connection closes after this response",
                    metadata: ["owner": "\(owner.name)", "request": "\(currentRequestID)"])
                onCapReached?(owner)
            }
            return nil
        }
        return bumpAllocate(byteCount: byteCount, owner: owner)
    }

    /// Frees every block; call after every filter's END_OF_NET_SESSION returned. Returns damaged blocks.
    @discardableResult
    public func release() -> [GuardFailure] {
        guard !isReleased else { return [] }
        isReleased = true
        return releaseAll(checkGuards: checksGuards)
    }
}
