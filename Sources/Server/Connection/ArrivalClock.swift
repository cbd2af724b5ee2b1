import NIOCore

/// When the request now arriving started, to hold it to the head deadline and the minimum body
/// rate. A value type owned by the connection; `HTTPConnectionHandler` ticks it while a head or
/// body is in progress.
struct ArrivalClock {
    /// The first byte of a head not complete yet.
    private(set) var headStarted: NIODeadline?
    private(set) var bodyStarted: NIODeadline?
    private(set) var bodyBytes = 0
    private var pausedAt: NIODeadline?

    enum Verdict: Equatable {
        case onTime
        /// The head took longer than the deadline.
        case headTooSlow(TimeAmount)
        /// The body arrives slower than the minimum rate (bytes received, over this time).
        case bodyTooSlow(bytes: Int, over: TimeAmount)
    }

    var inProgress: Bool { headStarted != nil || bodyStarted != nil }

    mutating func headBytesArrived(at now: NIODeadline) {
        if headStarted == nil { headStarted = now }
    }

    mutating func headComplete(expectingBody: Bool, at now: @autoclosure () -> NIODeadline) {
        headStarted = nil
        bodyStarted = expectingBody ? now() : nil
        bodyBytes = 0
        pausedAt = nil
    }

    mutating func bodyBytesArrived(_ count: Int) { bodyBytes += count }

    /// The server stopped reading the body (its consumer is behind): that time is not the client's.
    mutating func bodyPaused(at now: NIODeadline) {
        if bodyStarted != nil && pausedAt == nil { pausedAt = now }
    }

    mutating func bodyResumed(at now: NIODeadline) {
        guard let pausedAt else { return }
        self.pausedAt = nil
        if let started = bodyStarted { bodyStarted = started + (now - pausedAt) }
    }

    mutating func requestComplete() {
        headStarted = nil
        bodyStarted = nil
        bodyBytes = 0
        pausedAt = nil
    }

    func verdict(at now: NIODeadline, headDeadline: TimeAmount?, minBodyRate: Int, grace: TimeAmount) -> Verdict {
        if let headStarted, let headDeadline, now - headStarted >= headDeadline {
            return .headTooSlow(now - headStarted)
        }
        if let bodyStarted, minBodyRate > 0 {
            let elapsed = now - bodyStarted
            if elapsed >= grace && Double(bodyBytes) < Double(minBodyRate) * Double(elapsed.nanoseconds) / 1e9 {
                return .bodyTooSlow(bytes: bodyBytes, over: elapsed)
            }
        }
        return .onTime
    }
}
