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

/// Open while the server's event loops run; closed just before they stop, under a lock, so no
/// work is handed to a loop that is shutting down.
final class LoopGate: Sendable {
    private let state = Mutex((open: true, dropped: 0))

    func run(_ body: () -> Void) {
        state.withLock { state in
            if state.open { body() } else { state.dropped += 1 }
        }
    }

    func close() { state.withLock { $0.open = false } }

    /// Work refused because it arrived after `close()`.
    var dropped: Int { state.withLock { $0.dropped } }
}
