#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Pool mode: a notification of a filter or module runs on a `BlockingCallPool` thread while the
/// connection is *parked*.
///
/// Why parking and not a hop per callback: native code makes many callbacks per notification
/// (GetHeader, AllocMem, SetHeader...), each a few nanoseconds on the loop; hopping every one
/// would cost a loop round trip each. Instead the pool thread owns the connection for the
/// duration of the call, exactly as the loop does otherwise:
///
/// * the request is suspended as PENDING suspends it: the stage machine does not advance;
/// * every event-loop entry into the connection (`enqueue`, `close`, a PENDING completion, the
///   output pump's wake-up) is deferred while parked and runs, in order, after the result came
///   back (`whenUnparked`);
/// * the arenas (request and connection) are only used by the owner; the chunk pool they take
///   chunks from is shared by the loop's connections and is locked (`ChunkPool`);
/// * the only thing that must happen on the loop is writing to the socket: while parked the sink
///   is a `ParkedSink`, which forwards each write to the loop in order; the result comes back
///   through the same executor queue after the last write, so bytes stay in order. The pool thread
///   waits there while the client is behind (`ParkedSink.pace`), so a filter or an extension that
///   writes a gigabyte in a loop does not buffer it.
extension PipelineConnection {
    /// True while a pool thread owns the connection. Read and written on the owner only.
    var isParked: Bool { parking.parked }

    /// Whether a pooled notification may park now: not while already parked (a nested call on the
    /// pool thread runs inline), and never on a chain with READ_RAW_DATA filters, whose
    /// notification the server raises synchronously as bytes arrive.
    var mayPark: Bool { !parking.parked && !filtersIncomingBytes }

    /// Runs `work` on the pipeline's pool with the connection parked, then `then` with its result
    /// on the connection's executor. False when the pool refused the call (queue full); nothing
    /// ran then and the connection is not parked.
    ///
    /// `continuation`: where `then` runs. `.loop` hops back first. `.pool` (the request path) runs
    /// it on the same pool thread with the connection still parked, once the loop has left the
    /// code that parked it, so the request goes on there, as a request stays on its worker thread
    /// in IIS: the next pooled notifications of the request run inline, without a hop each, and
    /// the connection goes back to the loop once, when the request waits or completes.
    func runParked<Result>(mandatory: Bool = false, trace: (kind: RequestTrace.Entry.Kind, name: String)? = nil,
                           continuation: ParkedContinuation = .loop,
                           _ work: @escaping () -> Result, then: @escaping (Result) -> Void) -> Bool {
        precondition(!parking.parked, "a parked connection cannot park again")
        let forwarding: ParkedSink
        if let made = parking.forwardingSink {
            forwarding = made
        } else {
            forwarding = ParkedSink(executor: executor)
            parking.forwardingSink = forwarding
        }
        forwarding.prepare(target: sink)
        parking.realSink = sink
        parking.parked = true
        sink = forwarding
        let call = ParkedCall(connection: self, request: current, sink: forwarding, trace: trace,
                              continuation: continuation, work: work, then: then)
        let accepted = pipeline.callPool.submit(mandatory: mandatory) { waited in call.run(waited: waited) }
        if !accepted {
            unpark()
            return false
        }
        // Runs after the loop has unwound the code that parked (it may still set the request's
        // PENDING state after this returns); only then may the pool thread go on with `then`.
        if continuation == .pool { executor.execute { call.loopLeft() } }
        return true
    }

    /// Runs `work` now, or after the connection is unparked (an event-loop entry point). On the
    /// pool thread that owns the parked connection, `work` waits for the hop back to the loop.
    func whenUnparked(_ work: @escaping () -> Void) {
        if parking.parked {
            if isOwnedByThisThread {
                parking.ownerDeferred.append(work)
            } else {
                parking.deferred.append(work)
            }
        } else {
            work()
        }
    }

    /// True on the pool thread that runs a `.pool` continuation of this (parked) connection.
    var isOwnedByThisThread: Bool { ParkedOwner.current == ObjectIdentifier(self) }

    fileprivate func unpark() {
        parking.parked = false
        sink = parking.realSink
        parking.realSink = nil
    }

    /// Deferred entries, oldest first, until one parks the connection again. What the owning pool
    /// thread deferred comes first: it happened before anything the loop received meanwhile.
    /// Both lists keep their capacity: a pooled request defers its completion here every time.
    fileprivate func runDeferred() {
        while !parking.parked {
            if !parking.ownerDeferred.isEmpty {
                parking.ownerDeferred.removeFirst()()
            } else if !parking.deferred.isEmpty {
                parking.deferred.removeFirst()()
            } else {
                return
            }
        }
    }
}

/// Where a pooled call's `then` runs (`PipelineConnection.runParked`).
enum ParkedContinuation {
    /// Back on the connection's executor (the loop).
    case loop
    /// On the pool thread, the connection still parked, after the loop has let go.
    case pool
}

/// The connection whose `.pool` continuation runs on the current thread (a pool thread), if any.
enum ParkedOwner {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var current: ObjectIdentifier? {
        pthread_getspecific(key).map { ObjectIdentifier(Unmanaged<AnyObject>.fromOpaque($0).takeUnretainedValue()) }
    }

    /// Runs `body` with `connection` marked as owned by this thread.
    static func owning(_ connection: PipelineConnection, _ body: () -> Void) {
        pthread_setspecific(key, Unmanaged.passUnretained(connection as AnyObject).toOpaque())
        body()
        pthread_setspecific(key, nil)
    }
}

/// One pooled call: runs `work` on the pool thread, then hands the result back to the
/// connection's executor, unparks and continues with `then`. A class, so the connection, the request
/// and the closures travel by one retained reference, and the only value that crosses threads.
///
/// It replaced `Parked<Value>`, an `@unchecked Sendable` struct that wrapped whatever a caller
/// wanted to hand to the pool thread. Its last use wrapped a filter notification for a closure
/// that is not `@Sendable` anyway, so it silenced no check and added an unchecked escape hatch that
/// invited packing references into it. (No `unsafeBitCast` or `Unmanaged` use of it was left in
/// the tree; what crosses threads now is this object, captured strongly by the one `@Sendable`
/// closure the pool gets, so retains and releases stay the compiler's.)
private final class ParkedCall<Result>: ParkedReturn, @unchecked Sendable {
    let connection: PipelineConnection
    let request: HttpContext?
    let sink: ParkedSink
    let trace: (kind: RequestTrace.Entry.Kind, name: String)?
    let continuation: ParkedContinuation
    let work: () -> Result
    let then: (Result) -> Void
    var result: Result?
    /// `.pool` continuations: opened by the loop once it has unwound the code that parked.
    private let loopGone = Mutex(LoopDeparture.parking)

    init(connection: PipelineConnection, request: HttpContext?, sink: ParkedSink,
         trace: (kind: RequestTrace.Entry.Kind, name: String)?, continuation: ParkedContinuation,
         work: @escaping () -> Result, then: @escaping (Result) -> Void) {
        self.connection = connection
        self.request = request
        self.sink = sink
        self.trace = trace
        self.continuation = continuation
        self.work = work
        self.then = then
    }

    /// On the pool thread.
    func run(waited: Duration) {
        if waited >= BlockingCallStatistics.waitThreshold, let trace, let record = request?.trace {
            // Its own line (kind global, name "thread pool"), so per-filter and per-module times stay theirs.
            record.record(.global, name: "thread pool", notification: "wait for \(trace.kind.rawValue) \(trace.name)",
                          result: "QUEUED", duration: waited)
        }
        sink.adoptCallingThread()
        result = work()
        guard continuation == .pool else {
            sink.releaseCallingThread()
            sink.returnToLoop(self)
            return
        }
        // The loop may still be unwinding the code that parked (a matter of microseconds: the
        // task that opens the gate is already queued). Waiting for it keeps the request on this
        // thread; going back to the loop instead would cost a hand-over for each later pooled
        // notification of the request.
        waitForLoop()
        continueHere()
    }

    /// On the connection's executor, once the code that parked has returned (`.pool` only).
    func loopLeft() {
        let waiter: ThreadWaiter? = loopGone.withLock { state in
            defer { state = .left }
            if case .waiting(let waiter) = state { return waiter }
            return nil
        }
        waiter?.signal()
    }

    /// On the pool thread: returns once `loopLeft` ran. A waiter (a semaphore) is made only when
    /// the loop has not got there yet.
    private func waitForLoop() {
        let waiter: ThreadWaiter? = loopGone.withLock { state in
            guard case .parking = state else { return nil }
            let waiter = ThreadWaiter()
            state = .waiting(waiter)
            return waiter
        }
        waiter?.wait()
    }

    /// On the pool thread: `then` with the connection still parked and owned by this thread (its
    /// writes paced as the call's were), then one hop back to the loop, joined to the task that
    /// carries the request's last writes when that has not started yet.
    private func continueHere() {
        let then = self.then, result = self.result!
        ParkedOwner.owning(connection) { then(result) }
        sink.releaseCallingThread()
        sink.returnToLoop(self)
    }

    /// On the connection's executor, after the park's writes: unparks, runs a `.loop`
    /// continuation, then what waited for the connection.
    func returnedToLoop() {
        connection.unpark()
        if continuation == .loop { then(result!) }
        connection.runDeferred()
    }
}

/// Where the loop is with a `.pool` continuation's handshake (`ParkedCall.loopLeft`).
private enum LoopDeparture {
    /// The loop has not yet unwound the code that parked.
    case parking
    /// The pool thread finished first and waits.
    case waiting(ThreadWaiter)
    /// The loop has let go: the pool thread may go on.
    case left
}

/// The parking state of a connection.
struct ParkingState {
    var parked = false
    /// Event-loop entries that arrived while parked.
    var deferred: [() -> Void] = []
    /// Entries made by the owning pool thread in a `.pool` continuation (only it touches this
    /// while parked; the loop takes them over when it unparks).
    var ownerDeferred: [() -> Void] = []
    /// The forwarding sink, made on the first park and reused by the later ones; held here
    /// because `PipelineConnection.sink` is weak.
    var forwardingSink: ParkedSink?
    /// The sink to restore.
    weak var realSink: (any ResponseSink)?
}
