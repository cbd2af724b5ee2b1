import Synchronization

/// A named group of upstream servers that share the requests of a route (ARR's `webFarm`, in a
/// minimal form): round-robin, and a server whose connection failed is skipped for
/// `failureBackoff` (passive health). When every server is marked down the next one in turn is
/// tried anyway, so a farm recovers without a probe.
public final class WebFarm: Sendable {
    public let name: String
    public let servers: [UpstreamAddress]
    let failureBackoff: Duration
    private let state: Mutex<State>

    private struct State {
        var next = 0
        var downUntil: [ContinuousClock.Instant?]
    }

    public init(name: String, servers: [UpstreamAddress], failureBackoff: Duration) {
        precondition(!servers.isEmpty, "a web farm needs at least one server")
        self.name = name
        self.servers = servers
        self.failureBackoff = failureBackoff
        self.state = Mutex(State(downUntil: Array(repeating: nil, count: servers.count)))
    }

    /// The server for the next request: the next one in turn that is not marked down.
    func pick(now: ContinuousClock.Instant = .now) -> UpstreamAddress {
        state.withLock { state in
            let count = servers.count
            for offset in 0..<count {
                let index = (state.next + offset) % count
                if let until = state.downUntil[index], until > now { continue }
                state.downUntil[index] = nil
                state.next = (index + 1) % count
                return servers[index]
            }
            let index = state.next
            state.next = (index + 1) % count
            return servers[index]
        }
    }

    /// The server refused or did not answer: skip it for `failureBackoff`.
    func markFailed(_ server: UpstreamAddress, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            for index in servers.indices where servers[index] == server {
                state.downUntil[index] = now + failureBackoff
            }
        }
    }

    /// `server` answered: it is no longer skipped.
    func markHealthy(_ server: UpstreamAddress) {
        state.withLock { state in
            for index in servers.indices where servers[index] == server { state.downUntil[index] = nil }
        }
    }

    /// Whether `server` is being skipped now (for tests and the log).
    func isMarkedDown(_ server: UpstreamAddress, now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            servers.indices.contains { servers[$0] == server && (state.downUntil[$0].map { $0 > now } ?? false) }
        }
    }
}
