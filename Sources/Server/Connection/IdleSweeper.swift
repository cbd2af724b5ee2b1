import NIOCore

/// The idle and slow-client checks of every connection on one event loop, from one repeating timer
/// (instead of a NIO `IdleStateHandler`, with its handler context and scheduled task, per connection).
///
/// It ticks four times per check interval. A connection records the tick of its last read
/// (`lastReadTick`); when a whole number of check intervals passed since then without a read, the
/// sweep calls its `quiet()`, as `IdleStateHandler(readTimeout: checkInterval)` fired `.read` after
/// each interval without a read. So each check comes never earlier and at most a quarter interval
/// later than it did.
/// The timer runs only while a connection is registered. Confined to its loop.
final class IdleSweeper {
    /// What the sweeper checks: a connection handler.
    protocol Member: AnyObject {
        /// The member's place in `members`, kept by the sweeper.
        var sweepIndex: Int { get set }
        /// The tick of the member's last read.
        var lastReadTick: UInt64 { get }
        /// A whole number of check intervals passed without a read.
        func quiet()
    }

    static let ticksPerCheck: UInt64 = 4

    let loop: any EventLoop
    let checkInterval: TimeAmount
    /// Ticks since the sweeper was made.
    private(set) var tick: UInt64 = 0
    private var members: [any Member] = []
    private var timer: RepeatedTask?

    init(loop: any EventLoop, checkInterval: TimeAmount) {
        self.loop = loop
        self.checkInterval = max(checkInterval, .milliseconds(4))
    }

    func add(_ member: any Member) {
        member.sweepIndex = members.count
        members.append(member)
        if timer == nil {
            let period = TimeAmount.nanoseconds(checkInterval.nanoseconds / Int64(Self.ticksPerCheck))
            timer = loop.scheduleRepeatedTask(initialDelay: period, delay: period) { [unowned self] _ in self.sweep() }
        }
    }

    func remove(_ member: any Member) {
        let index = member.sweepIndex
        guard index >= 0, index < members.count, members[index] === member else { return }
        let last = members.removeLast()
        if index < members.count {
            members[index] = last
            last.sweepIndex = index
        }
        member.sweepIndex = -1
        if members.isEmpty {
            timer?.cancel()
            timer = nil
            // An empty array keeps its storage; give back what a wave of connections grew it to.
            members = []
        }
    }

    private func sweep() {
        tick &+= 1
        // A member's `quiet()` may close its channel, and a close may remove members: walk a copy.
        let due = members.filter { member in
            // The read happened somewhere in the tick it recorded: one tick more makes sure a whole
            // interval passed, never less.
            let quietTicks = tick &- member.lastReadTick
            return quietTicks > Self.ticksPerCheck && (quietTicks - 1) % Self.ticksPerCheck == 0
        }
        for member in due where member.sweepIndex >= 0 { member.quiet() }
    }
}
