import NIOCore

/// The flushes of one event loop's connections, made together once per loop turn: a connection
/// that wrote responses while reading asks for a flush here instead of flushing in
/// `channelReadComplete`, and one task, after the loop has read every socket that was ready,
/// flushes them all.
///
/// Why: each flush is a `write` to a different socket, and on a busy server the clients of these
/// sockets are asleep waiting for their answers. Flushed one by one between reads, every answer
/// wakes its client as soon as it is sent and the server's next read finds it gone again, so most
/// writes pay the wake-up (an inter-processor interrupt when the client runs on another core:
/// most of the kernel's share of a small response here, docs/performance.md). Flushed back to
/// back, the later writes find a client already awake. The cost is latency inside one turn: an
/// answer waits at most for the other requests read in the same turn.
///
/// A quiet loop does not pay even that: while the last turn had at most one flush, the first ask
/// of a turn flushes at once (waiting would only add the task's delay, about 2 µs, with nobody
/// to batch with); a turn with more asks makes the next turns batch from their first ask on.
///
/// Confined to its loop, as `LoopResources`.
final class FlushBatch {
    /// A connection with bytes to flush.
    protocol Member: AnyObject {
        /// Called once per `add`: at once, or in the loop's next task, in the order added.
        func flushBatched()
    }

    private let loop: any EventLoop
    private var waiting: [any Member] = []
    private var spare: [any Member] = []
    /// Whether the task that ends this turn is queued.
    private var scheduled = false
    /// Asks in this turn and in the last turn that had any.
    private var asksThisTurn = 0
    private var asksLastTurn = 0

    init(loop: any EventLoop) {
        self.loop = loop
    }

    /// `member` flushes now or in this turn's task (added at most once per turn by the caller).
    func add(_ member: any Member) {
        asksThisTurn += 1
        if !scheduled {
            scheduled = true
            loop.assumeIsolated().execute { [self] in endTurn() }
        }
        if asksThisTurn == 1 && asksLastTurn <= 1 {
            member.flushBatched()
        } else {
            waiting.append(member)
        }
    }

    private func endTurn() {
        scheduled = false
        asksLastTurn = asksThisTurn
        asksThisTurn = 0
        // Swapped out first: a flush may make a member ask again (it then goes in the next turn).
        swap(&waiting, &spare)
        for member in spare { member.flushBatched() }
        spare.removeAll(keepingCapacity: true)
    }
}
