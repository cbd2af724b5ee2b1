#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Pipeline
import Synchronization

/// Runs a connection's deferred work (PENDING completions) on the connection's event loop.
///
/// `EventLoop.execute` always enqueues, even when called on the loop itself, which is exactly the
/// "never inline" promise `ConnectionExecutor` makes. Work that arrives after the server stopped
/// its loops (a module's thread completing late) is dropped: NIO traps on a stopped loop.
struct EventLoopExecutor: ConnectionExecutor {
    let loop: any EventLoop
    let gate: LoopGate

    func execute(_ work: @escaping @Sendable () -> Void) {
        gate.run { loop.execute(work) }
    }
}

/// Open while the server's event loops run; closed just before they stop, so no work is handed to
/// a loop that is shutting down.
///
/// Without a lock: a pool thread hands work to the loop several times per pooled request, and a
/// mutex held across `EventLoop.execute` (which may write to the loop's wake-up descriptor) made
/// the loop's own hand-overs wait on it. Each `run` counts itself in while it runs; `close` sets
/// the closed bit and waits until the runs that came in before it have left, so every `body` that
/// ran did so before `close` returned, and none runs after.
final class LoopGate: Sendable {
    /// Runs in progress (low bits) and whether the gate is closed (`closedBit`).
    private let state = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    private static let closedBit = 1 << 62

    func run(_ body: () -> Void) {
        let before = state.wrappingAdd(1, ordering: .acquiring).oldValue
        if before & Self.closedBit == 0 {
            body()
        } else {
            droppedCount.add(1, ordering: .relaxed)
        }
        state.wrappingSubtract(1, ordering: .releasing)
    }

    func close() {
        state.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing)
        while state.load(ordering: .acquiring) & ~Self.closedBit != 0 { sched_yield() }
    }

    /// Work refused because it arrived after `close()`.
    var dropped: Int { droppedCount.load(ordering: .relaxed) }
}
