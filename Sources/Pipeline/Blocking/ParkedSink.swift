#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The sink a parked connection writes to (`PipelineConnection.runParked`): each call goes to the
/// real sink on the connection's executor, in order. One per connection, made on its first park and
/// reused (`prepare`) for each later one: a park costs no sink, no lock and no weak-reference side
/// table of its own.
///
/// Pacing: the socket is the loop's, so the pool thread cannot ask it directly whether the client
/// keeps up. Every `pacingStep` bytes written, the pool thread that owns the connection waits
/// until the loop has handed those writes to the real sink and that sink can take more (the
/// server: fewer unsent bytes than its bound; the channel is writable again). So what native
/// code writes in a loop (WriteClient from a filter or an extension) is held to the bound plus
/// one step in memory, instead of growing with a slow reader. Only the owning pool thread waits
/// (never the loop), and a connection that closes meanwhile releases it (`connectionClosing`).
final class ParkedSink: ResponseSink, @unchecked Sendable {
    /// Bytes written between two checks of the client's pace.
    static let pacingStep = 64 * 1024

    /// Set by `prepare` on the executor while no park is running; read by `drain` on the executor.
    private weak var target: (any ResponseSink)?
    private let executor: any ConnectionExecutor
    /// The pool thread running the parked call (0: none): the only thread that may wait here.
    private let owner = Atomic<UInt>(0)
    /// Bytes forwarded since the last check; touched by the owner only.
    private var unpaced = 0
    private let gate = Mutex(PacingGate())

    private struct PacingGate {
        var closing = false
        var waiter: ThreadWaiter?
    }

    init(executor: any ConnectionExecutor) {
        self.executor = executor
    }

    /// On the executor, before a park: forwards to `target` from now on.
    func prepare(target: (any ResponseSink)?) {
        self.target = target
        unpaced = 0
        gate.withLock { $0 = PacingGate() }
    }

    /// On the pool thread, before the parked work runs.
    func adoptCallingThread() { owner.store(Self.currentThread, ordering: .releasing) }
    func releaseCallingThread() { owner.store(0, ordering: .releasing) }

    /// The connection is closing (on the loop): no more waiting for the client.
    func connectionClosing() {
        let waiter: ThreadWaiter? = gate.withLock { gate in
            gate.closing = true
            let waiting = gate.waiter
            gate.waiter = nil
            return waiting
        }
        waiter?.signal()
    }

    /// What the owner hands to the executor, in order: the sink's calls, and last the hand-back
    /// of the connection (`returnToLoop`). An enum rather than a closure each: no allocation per write.
    private enum Forwarded {
        case head(ResponseHead)
        case body([UInt8])
        case file(ResponseFile)
        case end(keepAlive: Bool)
        case raw([UInt8])
        case rejected(status: Int)
        case returnToLoop(any ParkedReturn)
    }

    /// Calls waiting for the executor, in order, and whether a task to run them is queued there.
    /// A pooled request's writes and its hand-back usually go to the loop in one executor task.
    /// `spare` keeps the drained buffer's capacity for the next batch.
    private let batchLock = Mutex(())
    private var queued: [Forwarded] = []
    private var spare: [Forwarded] = []
    private var drainQueued = false

    /// Order is kept with everything else the owner hands to the executor: a call joins the
    /// queued task only while that task has not started, so it runs before any task queued after it.
    private func forward(_ call: Forwarded) {
        let schedule = batchLock.withLock { _ -> Bool in
            queued.append(call)
            if drainQueued { return false }
            drainQueued = true
            return true
        }
        if schedule { executor.execute { self.drain() } }
    }

    /// The last thing a park sends the loop: `call.returnedToLoop()` runs on the executor after
    /// every write before it, in the same task as those writes when it has not started yet.
    func returnToLoop(_ call: any ParkedReturn) { forward(.returnToLoop(call)) }

    /// On the executor: runs every call queued so far. A hand-back in the batch may unpark the
    /// connection and let it park again (a new batch starts then; this one is already taken).
    private func drain() {
        var calls: [Forwarded] = []
        batchLock.withLock { _ in
            swap(&calls, &spare)
            swap(&calls, &queued)
            drainQueued = false
        }
        for call in calls {
            switch call {
            case .returnToLoop(let parked): parked.returnedToLoop()
            case .head(let head): target?.writeHead(head)
            case .body(let bytes): target?.writeBody(bytes)
            case .file(let file): target?.writeFile(file)
            case .end(let keepAlive): target?.endResponse(keepAlive: keepAlive)
            case .raw(let bytes): target?.writeRaw(bytes)
            case .rejected(let status): target?.requestRejected(status: status)
            }
        }
        calls.removeAll(keepingCapacity: true)
        batchLock.withLock { _ in
            if spare.capacity < calls.capacity { swap(&calls, &spare) }
        }
    }

    /// After a write of `count` bytes: every `pacingStep` bytes the owner waits until the real
    /// sink has the bytes and can take more, or the connection is closing.
    private func pace(_ count: Int) {
        guard owner.load(ordering: .acquiring) == Self.currentThread else { return }
        unpaced += count
        guard unpaced >= Self.pacingStep else { return }
        unpaced = 0
        let waiter = ThreadWaiter()
        let closing: Bool = gate.withLock { gate in
            if !gate.closing { gate.waiter = waiter }
            return gate.closing
        }
        guard !closing else { return }
        let check = PaceCheck(sink: self, waiter: waiter)
        executor.execute { check.run() }
        waiter.wait()
    }

    /// Runs on the executor, after the writes before it: opens the gate now or when the sink can take more.
    private final class PaceCheck: @unchecked Sendable {
        let sink: ParkedSink
        let waiter: ThreadWaiter
        init(sink: ParkedSink, waiter: ThreadWaiter) {
            self.sink = sink
            self.waiter = waiter
        }
        func run() {
            guard let target = sink.target, !target.canTakeMore else { return open() }
            target.whenCanTakeMore { self.open() }
        }
        func open() {
            let waiter = self.waiter
            let mine: Bool = sink.gate.withLock { gate in
                guard gate.waiter === waiter else { return false }
                gate.waiter = nil
                return true
            }
            if mine { waiter.signal() }
        }
    }

    private static var currentThread: UInt {
        #if canImport(Glibc)
        UInt(pthread_self())
        #else
        UInt(bitPattern: pthread_self())
        #endif
    }

    func writeHead(_ head: ResponseHead) { forward(.head(head)) }
    func writeBody(_ bytes: [UInt8]) {
        forward(.body(bytes))
        pace(bytes.count)
    }
    func writeFile(_ file: ResponseFile) { forward(.file(file)) }
    func endResponse(keepAlive: Bool) { forward(.end(keepAlive: keepAlive)) }
    func writeRaw(_ bytes: [UInt8]) {
        forward(.raw(bytes))
        pace(bytes.count)
    }
    func requestRejected(status: Int) { forward(.rejected(status: status)) }
    /// Always: pacing happens inside the writes (`pace`), on the pool thread.
    var canTakeMore: Bool { true }
    func whenCanTakeMore(_ resume: @escaping () -> Void) { resume() }
}

/// A parked call's hand-back, run on the executor after the writes the park made (`ParkedSink.returnToLoop`).
protocol ParkedReturn: AnyObject {
    func returnedToLoop()
}
