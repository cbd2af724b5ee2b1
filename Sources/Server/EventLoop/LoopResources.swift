import Memory
import NIOCore
import Pipeline

/// What every connection on one event loop shares: the chunk pool its arenas draw from, the
/// executor, the cached `Date` header, the batched flushes, and connections kept alive past their
/// channel because a PENDING request has not completed yet.
///
/// Confined to its loop: only code running on `loop` touches it.
final class LoopResources {
    let loop: any EventLoop
    let pool: ChunkPool
    let executor: EventLoopExecutor
    let date = HTTPDateCache()
    /// This loop's connections' flushes, one task per loop turn.
    let flushes: FlushBatch
    /// Connections whose socket closed while a request was still PENDING. `close()` frees them
    /// only once that request completes; until then someone must keep them alive.
    var lingering: [ObjectIdentifier: PipelineConnection] = [:]
    /// The idle checks of this loop's connections, one sweeper per check interval (one per server
    /// configuration, in practice).
    private var idleSweepers: [Int64: IdleSweeper] = [:]

    init(loop: any EventLoop, memory: MemoryConfiguration, gate: LoopGate) {
        self.loop = loop
        self.pool = ChunkPool(configuration: memory)
        self.executor = EventLoopExecutor(loop: loop, gate: gate)
        self.flushes = FlushBatch(loop: loop)
    }

    /// The sweeper checking connections every `checkInterval`, made at first use.
    func idleSweeper(checkInterval: TimeAmount) -> IdleSweeper {
        if let sweeper = idleSweepers[checkInterval.nanoseconds] { return sweeper }
        let sweeper = IdleSweeper(loop: loop, checkInterval: checkInterval)
        idleSweepers[checkInterval.nanoseconds] = sweeper
        return sweeper
    }
}

/// One `LoopResources` per event loop of a group, made once at startup and never changed.
///
/// `@unchecked Sendable`: the table itself is immutable; each entry is used only on its own loop.
struct LoopResourceTable: @unchecked Sendable {
    private let byLoop: [ObjectIdentifier: LoopResources]
    /// Closed by the server before its loops stop.
    let gate = LoopGate()

    init(group: any EventLoopGroup, memory: MemoryConfiguration) {
        var table: [ObjectIdentifier: LoopResources] = [:]
        for loop in group.makeIterator() {
            table[ObjectIdentifier(loop)] = LoopResources(loop: loop, memory: memory, gate: gate)
        }
        self.byLoop = table
    }

    /// The resources of `loop`; call on that loop.
    func resources(for loop: any EventLoop) -> LoopResources {
        loop.preconditionInEventLoop()
        guard let found = byLoop[ObjectIdentifier(loop)] else {
            preconditionFailure("event loop \(loop) is not part of the server's group")
        }
        return found
    }
}
