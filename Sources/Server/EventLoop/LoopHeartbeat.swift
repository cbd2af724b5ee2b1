import NIOCore
import NIOPosix
import Synchronization

/// Each event loop of a group stamps the time every 100 ms; a loop whose stamp is older than half
/// a second is busy, most likely a filter or module stuck on it. New connections are given to a
/// loop that is not (`healthyLoop()`), so one hung call does not take new clients with it.
final class LoopHeartbeat: Sendable {
    private let loops: [any EventLoop]
    private let stamps: Mutex<[ContinuousClock.Instant]>
    private let next = Atomic<Int>(0)
    private let tasks = Mutex<[RepeatedTask]>([])
    private static let stale: Duration = .milliseconds(500)

    init(group: MultiThreadedEventLoopGroup) {
        var loops: [any EventLoop] = []
        for loop in group.makeIterator() { loops.append(loop) }
        self.loops = loops
        self.stamps = Mutex([ContinuousClock.Instant](repeating: .now, count: loops.count))
        for (index, loop) in loops.enumerated() {
            let task = loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { [weak self] task in
                guard let self else { return task.cancel() }
                stamps.withLock { $0[index] = .now }
            }
            tasks.withLock { $0.append(task) }
        }
    }

    /// Before the loops shut down: a repeated task must not outlive its loop.
    func stop() {
        for task in tasks.withLock({ $0 }) { task.cancel() }
    }

    /// Whether at least one loop stamped recently: the server can still take a connection.
    var anyLoopResponsive: Bool {
        let now = ContinuousClock.now
        return stamps.withLock { stamps in stamps.contains { now - $0 < Self.stale } }
    }

    /// The next loop in turn that stamped recently; any loop when none did.
    func healthyLoop() -> any EventLoop {
        let now = ContinuousClock.now
        let fresh = stamps.withLock { stamps in stamps.map { now - $0 < Self.stale } }
        let start = next.add(1, ordering: .relaxed).oldValue
        for offset in 0..<loops.count {
            let index = (start + offset) % loops.count
            if fresh[index] { return loops[index] }
        }
        return loops[start % loops.count]
    }
}
