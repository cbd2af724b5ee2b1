import Synchronization

/// What the supervisor counts about its worker processes, in the Prometheus text format (the admin
/// listener adds the workers' own metrics, summed):
///
/// * `isapi_bridge_worker_starts_total{pool}`;
/// * `isapi_bridge_worker_failures_total{pool,exit,kind,name,notification}`: deaths by a signal or a
///   non-zero status, with the filter or module and notification the crashing thread was in
///   (empty when not in native code);
/// * `isapi_bridge_worker_hangs_total{pool,kind,name,notification}`: calls past the notification timeout;
/// * `isapi_bridge_worker_recycles_total{pool,reason}` (`time`, `privateMemory`);
/// * `isapi_bridge_workers{pool}` and `isapi_bridge_rapid_fail_stopped{pool}` (1 while rapid-fail
///   protection holds the pool), sampled when scraped.
public final class SupervisorMetrics: Sendable {
    private let counts = Mutex<[String: [[String]: Int]]>([:])

    public init() {}

    public func workerStarted(pool: String) { add("isapi_bridge_worker_starts_total", [pool]) }

    public func workerFailed(pool: String, exit: String, kind: String, name: String, notification: String) {
        add("isapi_bridge_worker_failures_total", [pool, exit, kind, name, notification])
    }

    public func workerRecycled(pool: String, reason: String) { add("isapi_bridge_worker_recycles_total", [pool, reason]) }

    public func callHung(pool: String, kind: String, name: String, notification: String) {
        add("isapi_bridge_worker_hangs_total", [pool, kind, name, notification])
    }

    private func add(_ metric: String, _ labels: [String]) {
        counts.withLock { $0[metric, default: [:]][labels, default: 0] += 1 }
    }

    private static let labelNames: [String: [String]] = [
        "isapi_bridge_worker_starts_total": ["pool"],
        "isapi_bridge_worker_failures_total": ["pool", "exit", "kind", "name", "notification"],
        "isapi_bridge_worker_hangs_total": ["pool", "kind", "name", "notification"],
        "isapi_bridge_worker_recycles_total": ["pool", "reason"],
    ]

    /// The exposition, with each pool's current worker count and rapid-fail state.
    public func text(pools: [(name: String, workers: Int, rapidFailStopped: Bool)]) -> String {
        let snapshot = counts.withLock { $0 }
        var out = ""
        for metric in ["isapi_bridge_worker_starts_total", "isapi_bridge_worker_failures_total", "isapi_bridge_worker_hangs_total",
                       "isapi_bridge_worker_recycles_total"] {
            out += "# TYPE \(metric) counter\n"
            let names = Self.labelNames[metric]!
            for (labels, count) in (snapshot[metric] ?? [:]).sorted(by: { $0.key.joined() < $1.key.joined() }) {
                out += metric + Self.labels(zip(names, labels)) + " \(count)\n"
            }
        }
        out += "# TYPE isapi_bridge_workers gauge\n"
        for pool in pools { out += "isapi_bridge_workers" + Self.labels([("pool", pool.name)]) + " \(pool.workers)\n" }
        out += "# TYPE isapi_bridge_rapid_fail_stopped gauge\n"
        for pool in pools {
            out += "isapi_bridge_rapid_fail_stopped" + Self.labels([("pool", pool.name)]) + " \(pool.rapidFailStopped ? 1 : 0)\n"
        }
        return out
    }

    static func labels<S: Sequence>(_ pairs: S) -> String where S.Element == (String, String) {
        "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
