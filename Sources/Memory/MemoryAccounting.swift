import Synchronization

/// Process-wide totals per scope kind, for tests and `/metrics`.
///
/// Arenas count precisely in their own fields and publish to these atomics in batches (when they take
/// a new chunk and when their scope ends), so the hot allocation path touches no shared memory.
/// Live figures here therefore trail the truth by at most one chunk's worth per active arena.
public final class MemoryAccounting: Sendable {
    public static let shared = MemoryAccounting()

    struct Counters: ~Copyable, Sendable {
        let liveBytes = Atomic<Int>(0)
        let liveBlocks = Atomic<Int>(0)
        let allocatedBytes = Atomic<Int>(0)
        let allocatedBlocks = Atomic<Int>(0)
        let liveArenas = Atomic<Int>(0)
        let guardFailures = Atomic<Int>(0)
        let capHits = Atomic<Int>(0)
        let failedRequests = Atomic<Int>(0)
    }

    private let request = Counters()
    private let connection = Counters()

    public init() {}

    public struct Snapshot: Sendable, Equatable {
        public var liveBytes: Int
        public var liveBlocks: Int
        public var allocatedBytes: Int
        public var allocatedBlocks: Int
        public var liveArenas: Int
        public var guardFailures: Int
        /// Allocations refused because a connection reached its cap (connection scope only).
        public var capHits: Int
        /// Requests counted as failed because one of their blocks had a damaged guard.
        public var failedRequests: Int
    }

    public func snapshot(_ scope: ScopeKind) -> Snapshot {
        switch scope {
        case .request: Self.snapshot(request)
        case .connection: Self.snapshot(connection)
        }
    }

    private static func snapshot(_ c: borrowing Counters) -> Snapshot {
        Snapshot(
            liveBytes: c.liveBytes.load(ordering: .relaxed),
            liveBlocks: c.liveBlocks.load(ordering: .relaxed),
            allocatedBytes: c.allocatedBytes.load(ordering: .relaxed),
            allocatedBlocks: c.allocatedBlocks.load(ordering: .relaxed),
            liveArenas: c.liveArenas.load(ordering: .relaxed),
            guardFailures: c.guardFailures.load(ordering: .relaxed),
            capHits: c.capHits.load(ordering: .relaxed),
            failedRequests: c.failedRequests.load(ordering: .relaxed)
        )
    }

    private func counters<R>(_ scope: ScopeKind, _ body: (borrowing Counters) -> R) -> R {
        switch scope {
        case .request: body(request)
        case .connection: body(connection)
        }
    }

    func publish(_ scope: ScopeKind, liveBytes: Int, liveBlocks: Int, allocatedBytes: Int, allocatedBlocks: Int) {
        counters(scope) { c in
            if liveBytes != 0 { c.liveBytes.add(liveBytes, ordering: .relaxed) }
            if liveBlocks != 0 { c.liveBlocks.add(liveBlocks, ordering: .relaxed) }
            if allocatedBytes != 0 { c.allocatedBytes.add(allocatedBytes, ordering: .relaxed) }
            if allocatedBlocks != 0 { c.allocatedBlocks.add(allocatedBlocks, ordering: .relaxed) }
        }
    }

    func arenaOpened(_ scope: ScopeKind) { counters(scope) { _ = $0.liveArenas.add(1, ordering: .relaxed) } }
    func arenaClosed(_ scope: ScopeKind) { counters(scope) { _ = $0.liveArenas.subtract(1, ordering: .relaxed) } }
    func guardFailed(_ scope: ScopeKind, count: Int) {
        counters(scope) { _ = $0.guardFailures.add(count, ordering: .relaxed) }
    }
    func capHit(_ scope: ScopeKind) { counters(scope) { _ = $0.capHits.add(1, ordering: .relaxed) } }

    /// Counts a request as failed (a module or filter corrupted its memory).
    public func requestFailed(_ scope: ScopeKind) {
        counters(scope) { _ = $0.failedRequests.add(1, ordering: .relaxed) }
    }
}
