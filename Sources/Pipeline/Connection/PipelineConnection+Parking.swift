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
    func runParked<Result>(mandatory: Bool = false, trace: (kind: RequestTrace.Entry.Kind, name: String)? = nil,
                           _ work: @escaping () -> Result, then: @escaping (Result) -> Void) -> Bool {
        precondition(!parking.parked, "a parked connection cannot park again")
        let forwarding = ParkedSink(target: sink, executor: executor)
        parking.realSink = sink
        parking.parked = true
        parking.forwardingSink = forwarding
        sink = forwarding
        let call = ParkedCall(connection: self, request: current, sink: forwarding, trace: trace, work: work, then: then)
        let accepted = pipeline.callPool.submit(mandatory: mandatory) { waited in call.run(waited: waited) }
        if !accepted { unpark() }
        return accepted
    }

    /// Runs `work` now, or after the connection is unparked (an event-loop entry point).
    func whenUnparked(_ work: @escaping () -> Void) {
        if parking.parked {
            parking.deferred.append(work)
        } else {
            work()
        }
    }

    fileprivate func unpark() {
        parking.parked = false
        parking.forwardingSink = nil
        sink = parking.realSink
        parking.realSink = nil
    }

    /// Deferred entries, oldest first, until one parks the connection again.
    fileprivate func runDeferred() {
        while !parking.parked && !parking.deferred.isEmpty {
            parking.deferred.removeFirst()()
        }
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
private final class ParkedCall<Result>: @unchecked Sendable {
    let connection: PipelineConnection
    let request: HttpContext?
    let sink: ParkedSink
    let trace: (kind: RequestTrace.Entry.Kind, name: String)?
    let work: () -> Result
    let then: (Result) -> Void
    var result: Result?

    init(connection: PipelineConnection, request: HttpContext?, sink: ParkedSink, trace: (kind: RequestTrace.Entry.Kind, name: String)?,
         work: @escaping () -> Result, then: @escaping (Result) -> Void) {
        self.connection = connection
        self.request = request
        self.sink = sink
        self.trace = trace
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
        sink.releaseCallingThread()
        connection.executor.execute { self.finish() }
    }

    /// On the connection's executor.
    private func finish() {
        connection.unpark()
        then(result!)
        connection.runDeferred()
    }
}

/// The parking state of a connection.
struct ParkingState {
    var parked = false
    /// Event-loop entries that arrived while parked.
    var deferred: [() -> Void] = []
    /// Holds the forwarding sink (`PipelineConnection.sink` is weak).
    var forwardingSink: ParkedSink?
    /// The sink to restore.
    weak var realSink: (any ResponseSink)?
}
