import Logging

/// Request-scoped memory: what `AllocateRequestMemory` and `IModuleAllocator::AllocateMemory` return.
///
/// A connection keeps one and reuses it for each of its requests; `endRequest()` is the O(1)
/// reset (plus the guard walk) after EndRequest and every module's Dispose.
public final class RequestArena: Arena {
    public init(pool: ChunkPool, configuration: MemoryConfiguration = .default,
                accounting: MemoryAccounting = .shared,
                logger: Logger = Logger(label: "isapi-bridge.memory")) {
        super.init(scope: .request, pool: pool, configuration: configuration, accounting: accounting, logger: logger)
    }

    @inlinable
    public func allocate(byteCount: Int, owner: AllocationOwner = .host) -> UnsafeMutableRawPointer? {
        bumpAllocate(byteCount: byteCount, owner: owner)
    }

    /// Starts attributing allocations to `requestID`.
    public func beginRequest(_ requestID: UInt64) {
        currentRequestID = requestID
    }

    /// Frees everything the request allocated and returns the blocks whose guards were damaged
    /// (each already logged at error level). When any were, the request is counted as failed.
    @discardableResult
    public func endRequest() -> [GuardFailure] {
        let failures = releaseAll(checkGuards: checksGuards)
        if !failures.isEmpty { accounting.requestFailed(.request) }
        return failures
    }
}
