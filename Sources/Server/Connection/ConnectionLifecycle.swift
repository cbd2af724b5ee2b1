/// Every reading, keep-alive, pipelining, back-pressure and closing decision of one connection, as a value:
/// `HTTPConnectionHandler` reports what happened and does what the answer says (write an error,
/// close, read again). Tested without a channel.
struct ConnectionLifecycle: Equatable {
    enum Phase: Equatable {
        /// Reading requests.
        case open
        /// Shutdown: requests still arrive, and the connection closes the first time nothing is
        /// owed and no request is arriving.
        case quiescing
        /// No further request is read (an upgrade request); close once the owed responses are out.
        case finishing
        /// No further request is read; this answer follows the owed responses, then close.
        case failing(ProtocolError)
        /// Closing: output is flushed and shut, nothing more is written or read.
        case closing
    }

    /// What has arrived of the next request.
    enum Input: Equatable {
        case idle
        /// Bytes that did not complete a head yet (as far as reads show).
        case partialHead
        /// A head, and a body still arriving.
        case receiving
    }

    /// What to do after a response ended.
    enum AfterResponse: Equatable {
        /// Keep the connection; `read` when a read held back by back-pressure must be issued now.
        case keepOpen(read: Bool)
        /// Write this answer owed after the responses, then close.
        case answerAndClose(ProtocolError)
        case close
        /// Already closing: nothing to do.
        case nothing
    }

    /// What to do with a request that arrived whole.
    enum Dispatch: Equatable {
        /// Hand it to the pipeline now.
        case now
        /// Keep it until the client has taken enough of the responses before it (`releaseHeld()`).
        case hold
    }

    /// What to do with a request the server refuses to serve.
    enum Refusal: Equatable {
        /// Write the answer now and close.
        case answerNow
        /// Answer once the responses owed before it are out.
        case deferred
        /// Already answered or closing.
        case ignored
    }

    let maxPipelinedRequests: Int
    private(set) var phase: Phase = .open
    private(set) var input: Input = .idle
    /// Requests handed to the pipeline whose responses have not ended.
    private(set) var responsesOwed = 0
    /// Reading stopped because `maxPipelinedRequests` responses are owed.
    private(set) var readPaused = false
    /// A read was asked for while paused.
    private(set) var readPending = false
    /// More response bytes than `maxUnsentResponseBytes` wait for the client (the channel is not
    /// writable): no request is read or dispatched until it takes enough of them.
    private(set) var outputBacklogged = false
    /// Requests that arrived while output was backlogged, waiting for the pipeline, oldest first.
    /// They count in `responsesOwed`.
    private(set) var requestsHeld = 0
    /// File bodies handed to the channel that the socket has not taken whole yet. While one is, no
    /// further request goes to the pipeline: one open file per connection, whatever it pipelines.
    private(set) var filesInFlight = 0

    /// Requests wait: too many unsent bytes, or a file still being sent.
    var outputBusy: Bool { outputBacklogged || filesInFlight > 0 }

    init(maxPipelinedRequests: Int) {
        self.maxPipelinedRequests = max(1, maxPipelinedRequests)
    }

    var acceptsRequests: Bool { phase == .open || phase == .quiescing }
    var isClosing: Bool { phase == .closing }
    var isFailing: Bool { if case .failing = phase { true } else { false } }

    // MARK: Reading

    mutating func headArrived() {
        guard acceptsRequests else { return }
        input = .receiving
    }

    /// A read ended without completing any request part: the bytes are part of a head.
    mutating func bytesWithoutRequest() {
        guard acceptsRequests, input == .idle else { return }
        input = .partialHead
    }

    /// The whole request (head and body) arrived.
    mutating func requestReceived() {
        if input == .receiving { input = .idle }
    }

    /// The request went to the pipeline. `upgrade`: the parser reads nothing after it.
    /// (`requestComplete` decides whether it goes now.)
    mutating func requestDispatched(upgrade: Bool) {
        responsesOwed += 1
        if upgrade && acceptsRequests { phase = .finishing }
        if responsesOwed >= maxPipelinedRequests { readPaused = true }
    }

    /// A whole request arrived: it goes to the pipeline now, or waits behind the backlog (and
    /// behind requests already waiting, so responses keep their order).
    mutating func requestComplete(upgrade: Bool) -> Dispatch {
        requestDispatched(upgrade: upgrade)
        guard outputBusy || requestsHeld > 0 else { return .now }
        requestsHeld += 1
        return .hold
    }

    /// Whether a read the channel asks for may go ahead now (else it waits for a response to end,
    /// or for the client to take the unsent responses).
    mutating func mayRead() -> Bool {
        guard readPaused || outputBusy || requestsHeld > 0 else { return true }
        readPending = true
        return false
    }

    /// Whether the server owes responses it is still producing (not only held requests, which
    /// wait for the client).
    var producingResponses: Bool { responsesOwed > requestsHeld }

    // MARK: Back-pressure

    /// Unsent response bytes went over the bound.
    mutating func outputOverBound() {
        outputBacklogged = true
    }

    /// The client took enough: unsent bytes fell under half the bound.
    mutating func outputDrained() {
        outputBacklogged = false
    }

    /// A file body went to the channel.
    mutating func fileStarted() {
        filesInFlight += 1
    }

    /// The socket took a file body whole (or the write failed).
    mutating func fileSent() {
        filesInFlight = max(0, filesInFlight - 1)
    }

    /// True when the oldest held request may go to the pipeline now (the caller dispatches it).
    mutating func releaseHeld() -> Bool {
        guard !outputBusy, requestsHeld > 0, phase != .closing else { return false }
        requestsHeld -= 1
        return true
    }

    /// True when a read held back by the backlog must be issued now: nothing is held, nothing is
    /// over the bound, no file is being sent and the pipelining limit allows it.
    mutating func takeReadAfterDrain() -> Bool {
        guard readPending, !outputBusy, requestsHeld == 0, !readPaused, phase != .closing else { return false }
        readPending = false
        return true
    }

    // MARK: Answering

    /// The keep-alive decision to announce in a response head: false when the connection will
    /// close after it anyway (`endOfMessage` is the framing's own need to close).
    func announcesKeepAlive(requestWantsIt: Bool, endOfMessageCloses: Bool) -> Bool {
        guard requestWantsIt, !endOfMessageCloses else { return false }
        let lastBeforeClose = (phase == .quiescing || phase == .finishing) && responsesOwed <= 1 && input != .receiving
        return !lastBeforeClose
    }

    /// A response ended; `keepAlive` false when it (or its framing) requires closing. A `close`
    /// or `answerAndClose` answer is carried out with `startClosing()`.
    mutating func responseEnded(keepAlive: Bool) -> AfterResponse {
        if responsesOwed > 0 { responsesOwed -= 1 }
        guard phase != .closing else { return .nothing }
        guard keepAlive else { return .close }
        if responsesOwed == 0 {
            switch phase {
            case .failing(let error):
                return .answerAndClose(error)
            case .quiescing where input != .receiving, .finishing where input != .receiving:
                return .close
            default:
                break
            }
        }
        guard readPaused, responsesOwed < maxPipelinedRequests else { return .keepOpen(read: false) }
        readPaused = false
        guard !outputBusy, requestsHeld == 0 else { return .keepOpen(read: false) }
        defer { readPending = false }
        return .keepOpen(read: readPending)
    }

    /// The server answers `error` itself; reading stops. An `answerNow` is followed by `startClosing()`.
    mutating func refuse(_ error: ProtocolError) -> Refusal {
        guard acceptsRequests || phase == .finishing else { return .ignored }
        input = .idle
        phase = .failing(error)
        return responsesOwed == 0 ? .answerNow : .deferred
    }

    /// The request in the pipeline cannot get the rest of its streamed body (too large): no
    /// further request is read, and the connection closes once its response is out.
    mutating func stopReading() {
        guard acceptsRequests else { return }
        input = .idle
        phase = .finishing
    }

    /// A completed request decided the connection must not be reused (a cap reached while logging):
    /// nothing more is owed or read. True when the connection must start closing now.
    mutating func abandon() -> Bool {
        responsesOwed = 0
        requestsHeld = 0
        return phase != .closing
    }

    // MARK: Closing

    /// Shutdown. True when the connection is idle and closes now.
    mutating func quiesce() -> Bool {
        if phase == .open { phase = .quiescing }
        guard acceptsRequests || phase == .finishing, responsesOwed == 0, input == .idle else { return false }
        phase = .closing
        return true
    }

    /// Idle too long: close now.
    mutating func idleTimeout() {
        phase = .closing
        requestsHeld = 0
    }

    /// Output is flushed and shut from here on. False when closing had already started.
    mutating func startClosing() -> Bool {
        guard phase != .closing else { return false }
        phase = .closing
        readPaused = false
        requestsHeld = 0
        return true
    }

    /// A read held back while paused, to issue now that the connection is draining its input.
    mutating func takePendingRead() -> Bool {
        defer { readPending = false }
        return readPending
    }
}
