#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The sink a parked connection writes to (`PipelineConnection.runParked`): each call goes to the
/// real sink on the connection's executor, in order.
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

    private weak var target: (any ResponseSink)?
    private let executor: any ConnectionExecutor
    /// The pool thread running the parked call (0: none): the only thread that may wait here.
    private let owner = Atomic<UInt>(0)
    /// Bytes forwarded since the last check; touched by the owner only.
    private var unpaced = 0
    private let gate = Mutex(PacingGate())

    private struct PacingGate {
        var closing = false
        var waiter: Waiter?
    }

    /// One wait of the owner for the loop's answer.
    private final class Waiter: @unchecked Sendable {
        private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        init() { sem_init(semaphore, 0, 0) }
        deinit {
            sem_destroy(semaphore)
            semaphore.deallocate()
        }
        func signal() { sem_post(semaphore) }
        func wait() { while sem_wait(semaphore) != 0 && errno == EINTR {} }
    }

    init(target: (any ResponseSink)?, executor: any ConnectionExecutor) {
        self.target = target
        self.executor = executor
    }

    /// On the pool thread, before the parked work runs.
    func adoptCallingThread() { owner.store(Self.currentThread, ordering: .releasing) }
    func releaseCallingThread() { owner.store(0, ordering: .releasing) }

    /// The connection is closing (on the loop): no more waiting for the client.
    func connectionClosing() {
        let waiter: Waiter? = gate.withLock { gate in
            gate.closing = true
            let waiting = gate.waiter
            gate.waiter = nil
            return waiting
        }
        waiter?.signal()
    }

    /// Calls waiting for the executor, in order, and whether a task to run them is queued there.
    /// A response's head, body and end (and a pooled request's writes in general) usually go to
    /// the loop in one executor task instead of one each.
    private let batchLock = Mutex(())
    private var queued: [(any ResponseSink) -> Void] = []
    private var drainQueued = false

    /// Order is kept with everything else the owner hands to the executor: a call joins the
    /// queued task only while that task has not started, so it runs before any task queued after it.
    private func forward(_ call: @escaping (any ResponseSink) -> Void) {
        let schedule = batchLock.withLock { _ -> Bool in
            queued.append(call)
            if drainQueued { return false }
            drainQueued = true
            return true
        }
        if schedule { executor.execute { self.drain() } }
    }

    /// On the executor: runs every call queued so far.
    private func drain() {
        var calls: [(any ResponseSink) -> Void] = []
        batchLock.withLock { _ in
            swap(&calls, &queued)
            drainQueued = false
        }
        guard let target = self.target else { return }
        for call in calls { call(target) }
    }

    /// After a write of `count` bytes: every `pacingStep` bytes the owner waits until the real
    /// sink has the bytes and can take more, or the connection is closing.
    private func pace(_ count: Int) {
        guard owner.load(ordering: .acquiring) == Self.currentThread else { return }
        unpaced += count
        guard unpaced >= Self.pacingStep else { return }
        unpaced = 0
        let waiter = Waiter()
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
        let waiter: Waiter
        init(sink: ParkedSink, waiter: Waiter) {
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

    func writeHead(_ head: ResponseHead) { forward { $0.writeHead(head) } }
    func writeBody(_ bytes: [UInt8]) {
        forward { $0.writeBody(bytes) }
        pace(bytes.count)
    }
    func writeFile(_ file: ResponseFile) { forward { $0.writeFile(file) } }
    func endResponse(keepAlive: Bool) { forward { $0.endResponse(keepAlive: keepAlive) } }
    func writeRaw(_ bytes: [UInt8]) {
        forward { $0.writeRaw(bytes) }
        pace(bytes.count)
    }
    func requestRejected(status: Int) { forward { $0.requestRejected(status: status) } }
    /// Always: pacing happens inside the writes (`pace`), on the pool thread.
    var canTakeMore: Bool { true }
    func whenCanTakeMore(_ resume: @escaping () -> Void) { resume() }
}
