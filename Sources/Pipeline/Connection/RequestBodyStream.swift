import Synchronization

/// A request body still arriving when its request entered the pipeline (docs/architecture.md,
/// "Request bodies"). The server appends what it reads from the client; one consumer takes it:
///
/// * a module that streams bodies (`ModuleRegistration.streamsRequestBody`, the reverse proxy)
///   takes parts as they come (`take`); the stream holds at most `capacity` bytes, and the server
///   stops reading the client while it is full (`isFull`, `onSpace`);
/// * for every other reader the stage machine waits until the body is whole (`collect`): the
///   parts then go to `HttpRequest.body`, and `capacity` does not apply (the server's
///   `maxBodyBytes` does, as for a body read whole before the request started).
///
/// Thread-safe: the server appends on its event loop, the consumer may run on a pool thread.
/// Callbacks run outside the lock, on the thread that caused them; receivers hop themselves.
public final class RequestBodyStream: Sendable {
    /// How the body ended, when it did not end whole.
    public enum Failure: Error, Sendable, Equatable {
        /// The client went away (or the connection failed) before the body was whole.
        case clientGone
        /// The client sent the body too slowly (the server's minimum body rate): answered 408.
        case timedOut
        /// More bytes than `limit` (request filtering's `maxAllowedContentLength`, or the server's
        /// `maxBodyBytes`): the body was cut there.
        case tooLarge(limit: Int)
    }

    /// What the consumer gets from `take`.
    public enum Taken: Sendable {
        /// Parts, oldest first (possibly none, with a callback registered for the next arrival).
        case parts([[UInt8]], ended: Bool)
        case failed(Failure)
    }

    /// What `append` did with the bytes.
    public enum Appended: Sendable, Equatable {
        case accepted
        /// Accepted; the stream is full: stop reading the client until `onSpace` runs.
        case full
        /// The body went over its limit: the stream failed with `tooLarge`.
        case refused(limit: Int)
    }

    private enum Mode: Sendable {
        /// Nobody took the body yet.
        case waiting
        /// A streaming consumer takes parts.
        case streaming
        /// The stage machine collects it whole.
        case collecting
        /// The request is over; further bytes are dropped.
        case abandoned
    }

    private struct State: Sendable {
        var parts: [[UInt8]] = []
        var buffered = 0
        var received = 0
        var highWaterMark = 0
        var ended = false
        var failure: Failure?
        var mode = Mode.waiting
        var limit: Int
        var readHeld = false
        var onArrival: (@Sendable () -> Void)?
        var onSpace: (@Sendable () -> Void)?
    }

    /// Bytes held at most while a streaming consumer is behind.
    public let capacity: Int
    /// The body's `Content-Length`; nil for a chunked body.
    public let declaredLength: Int?
    private let state: Mutex<State>

    public init(capacity: Int, declaredLength: Int?, limit: Int = .max) {
        self.capacity = max(1, capacity)
        self.declaredLength = declaredLength
        self.state = Mutex(State(limit: limit))
    }

    // MARK: Observing

    /// The most bytes the stream held at once: at most `capacity` plus one socket read while streamed.
    public var highWaterMark: Int { state.withLock { $0.highWaterMark } }
    /// Bytes received from the client so far.
    public var receivedBytes: Int { state.withLock { $0.received } }
    /// Every byte arrived (and nothing failed).
    public var isComplete: Bool { state.withLock { $0.ended && $0.failure == nil } }
    /// Whether a streaming consumer takes the parts.
    public var isStreaming: Bool { state.withLock { if case .streaming = $0.mode { true } else { false } } }
    /// Whether a consumer took the stream (streaming or collecting), or the request is over.
    public var isTaken: Bool { state.withLock { if case .waiting = $0.mode { false } else { true } } }

    // MARK: The server's side

    /// Called when a full stream has room again (or stopped holding bytes): read the client again.
    public func setOnSpace(_ callback: @escaping @Sendable () -> Void) {
        state.withLock { $0.onSpace = callback }
    }

    /// Bytes read from the client.
    public func append(_ bytes: [UInt8]) -> Appended {
        let (result, notify) = state.withLock { state -> (Appended, (@Sendable () -> Void)?) in
            guard !state.ended else { return (.accepted, nil) }
            state.received += bytes.count
            if state.received > state.limit {
                let limit = state.limit
                return (.refused(limit: limit), Self.fail(&state, .tooLarge(limit: limit)))
            }
            if case .abandoned = state.mode { return (.accepted, nil) }
            state.parts.append(bytes)
            state.buffered += bytes.count
            state.highWaterMark = max(state.highWaterMark, state.buffered)
            let notify = state.onArrival
            state.onArrival = nil
            if case .collecting = state.mode { return (.accepted, notify) }
            guard state.buffered >= capacity else { return (.accepted, notify) }
            state.readHeld = true
            return (.full, notify)
        }
        notify?()
        return result
    }

    /// The last byte arrived.
    public func finish() {
        let notify = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.ended else { return nil }
            state.ended = true
            defer { state.onArrival = nil }
            return state.onArrival
        }
        notify?()
    }

    /// The body will not arrive whole.
    public func fail(_ failure: Failure) {
        let notify = state.withLock { Self.fail(&$0, failure) }
        notify?()
    }

    private static func fail(_ state: inout State, _ failure: Failure) -> (@Sendable () -> Void)? {
        guard !state.ended else { return nil }
        state.ended = true
        state.failure = failure
        state.parts.removeAll()
        state.buffered = 0
        defer { state.onArrival = nil }
        return state.onArrival
    }

    /// The request limits the body (request filtering's `maxAllowedContentLength`).
    public func limit(to bytes: Int) {
        state.withLock { $0.limit = min($0.limit, bytes) }
    }

    // MARK: The consumer's side

    /// A streaming consumer takes what arrived; with nothing there, `onArrival` runs (once) when
    /// something does (or the body ends or fails).
    public func take(onArrival: @escaping @Sendable () -> Void) -> Taken {
        let (taken, space) = state.withLock { state -> (Taken, (@Sendable () -> Void)?) in
            if case .waiting = state.mode { state.mode = .streaming }
            if let failure = state.failure { return (.failed(failure), nil) }
            let parts = state.parts
            state.parts.removeAll(keepingCapacity: true)
            state.buffered = 0
            if parts.isEmpty && !state.ended { state.onArrival = onArrival }
            return (.parts(parts, ended: state.ended), Self.release(&state))
        }
        space?()
        return taken
    }

    /// The stage machine waits for the whole body: `whenEnded` runs once every byte arrived (or
    /// the body failed); then `collected` hands over the parts. Bytes are held from now on without
    /// the streaming bound.
    func collect(whenEnded: @escaping @Sendable () -> Void) {
        let (ready, space) = state.withLock { state -> (Bool, (@Sendable () -> Void)?) in
            state.mode = .collecting
            if state.ended { return (true, nil) }
            state.onArrival = { [weak self] in self?.collectArrival(whenEnded) }
            return (false, Self.release(&state))
        }
        space?()
        if ready { whenEnded() }
    }

    private func collectArrival(_ whenEnded: @escaping @Sendable () -> Void) {
        let ended = state.withLock { state -> Bool in
            if !state.ended { state.onArrival = { [weak self] in self?.collectArrival(whenEnded) } }
            return state.ended
        }
        if ended { whenEnded() }
    }

    /// The collected body, once `collect` said it ended; nil when it failed.
    func collected() -> Result<[UInt8], Failure> {
        state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            var body: [UInt8] = []
            body.reserveCapacity(state.buffered)
            for part in state.parts { body += part }
            state.parts.removeAll()
            state.buffered = 0
            return .success(body)
        }
    }

    /// The request is over: what is still to come is dropped, and reading goes on.
    func abandon() {
        let space = state.withLock { state -> (@Sendable () -> Void)? in
            state.mode = .abandoned
            state.parts.removeAll()
            state.buffered = 0
            state.onArrival = nil
            return Self.release(&state)
        }
        space?()
    }

    /// The server's read held for a full stream may go on: its callback, to run after the lock.
    private static func release(_ state: inout State) -> (@Sendable () -> Void)? {
        guard state.readHeld else { return nil }
        state.readHeld = false
        return state.onSpace
    }
}
