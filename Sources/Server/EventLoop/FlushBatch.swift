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
/// answer waits at most for the other requests read in the same turn. A turn that reads one
/// request (a server that is not busy) flushes it in the task that follows the read, about 2 µs
/// later than a flush in `channelReadComplete` (docs/performance.md, seventh landing).
///
/// Confined to its loop, as `LoopResources`.
final class FlushBatch {
    /// A connection with bytes to flush.
    protocol Member: AnyObject {
        /// Called once per `add`, in the order added, in the loop's next task.
        func flushBatched()
    }

    private let loop: any EventLoop
    private var waiting: [any Member] = []
    private var spare: [any Member] = []
    private var scheduled = false

    init(loop: any EventLoop) {
        self.loop = loop
    }

    /// `member` flushes in this turn's task (added at most once per turn by the caller).
    func add(_ member: any Member) {
        waiting.append(member)
        guard !scheduled else { return }
        scheduled = true
        loop.assumeIsolated().execute { [self] in run() }
    }

    private func run() {
        scheduled = false
        // Swapped out first: a flush may make a member ask again (it then goes in the next task).
        swap(&waiting, &spare)
        for member in spare { member.flushBatched() }
        spare.removeAll(keepingCapacity: true)
    }
}
