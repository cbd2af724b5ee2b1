import CoreMetrics
import Memory
import Pipeline
import Prometheus
import Synchronization

/// The server's metrics through swift-metrics, backed by a Prometheus registry:
///
/// * `isapi_bridge_requests_total{site,status}` and `isapi_bridge_request_duration_seconds{site}`
///   (a histogram), per finished request;
/// * `isapi_bridge_protocol_answers_total{status}`: answers the server gave itself before any
///   site had the request (malformed, no Host, too large, too slow, over a connection cap);
/// * `isapi_bridge_notification_duration_seconds{kind,name}`: time per filter and per module, taken
///   from the request trace, so only when tracing is on (`trace`, or `serve --module-timing`): the
///   trace costs two clock reads and an array append per notification, which the always-on path
///   does not pay;
/// * sampled when scraped: `isapi_bridge_connections`, and per arena scope
///   `isapi_bridge_arena_live_bytes`, `isapi_bridge_arena_guard_failures`, `isapi_bridge_arena_cap_hits`.
///
/// Metric objects are created once per label set and cached, so a request costs a dictionary
/// lookup under a lock plus the increments.
public final class ServerMetrics: RequestObserver, Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[MetricKey: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[MetricKey: CoreMetrics.Timer]>([:])
    private let gauges = Mutex<[MetricKey: CoreMetrics.Gauge]>([:])

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        self.factory = factory
    }

    public func requestCompleted(_ context: HttpContext) {
        let site = context.pipeline.site.name
        let status = String(context.response.status)
        counter("isapi_bridge_requests_total", [("site", site), ("status", status)]).increment()
        timer("isapi_bridge_request_duration_seconds", [("site", site)]).recordNanoseconds(nanoseconds(context.elapsed))
        if let trace = context.trace {
            for entry in trace.entries {
                timer("isapi_bridge_notification_duration_seconds", [("kind", entry.kind.rawValue), ("name", entry.name)])
                    .recordNanoseconds(nanoseconds(entry.duration))
            }
        }
    }

    /// An answer the server gave without the pipeline (400, 408, 413, 431, 503, 505): counted in
    /// `isapi_bridge_protocol_answers_total{status}`, since no site had the request yet.
    public func protocolAnswered(status: Int) {
        counter("isapi_bridge_protocol_answers_total", [("status", String(status))]).increment()
    }

    /// Updates the sampled gauges and returns the Prometheus text exposition.
    public func scrape(connections: Int, accounting: MemoryAccounting = .shared) -> String {
        gauge("isapi_bridge_connections", []).record(connections)
        for scope in ScopeKind.allCases {
            let snapshot = accounting.snapshot(scope)
            let labels = [("scope", scope.description)]
            gauge("isapi_bridge_arena_live_bytes", labels).record(snapshot.liveBytes)
            gauge("isapi_bridge_arena_guard_failures", labels).record(snapshot.guardFailures)
            gauge("isapi_bridge_arena_cap_hits", labels).record(snapshot.capHits)
        }
        // The blocking-call pool (pool-mode filters and modules, password checks): totals sampled.
        let pool = BlockingCallPool.processStatistics
        gauge("isapi_bridge_thread_pool_calls_total", []).record(pool.calls.load(ordering: .relaxed))
        gauge("isapi_bridge_thread_pool_waits_total", []).record(pool.waited.load(ordering: .relaxed))
        gauge("isapi_bridge_thread_pool_wait_seconds_total", [])
            .record(Double(pool.waitMicroseconds.load(ordering: .relaxed)) / 1_000_000)
        gauge("isapi_bridge_thread_pool_rejected_total", []).record(pool.rejected.load(ordering: .relaxed))
        gauge("isapi_bridge_thread_pool_running", []).record(pool.running.load(ordering: .relaxed))
        return registry.emitToString()
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }

    /// A metric's name and label values (label names are fixed per metric name).
    private struct MetricKey: Hashable {
        var label: String
        var first: String
        var second: String
    }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> MetricKey {
        MetricKey(label: label, first: dimensions.first?.1 ?? "", second: dimensions.count > 1 ? dimensions[1].1 : "")
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        let key = Self.key(label, dimensions)
        return counters.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
            cache[key] = made
            return made
        }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Timer {
        let key = Self.key(label, dimensions)
        return timers.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = CoreMetrics.Timer(label: label, dimensions: dimensions, factory: factory)
            cache[key] = made
            return made
        }
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Gauge {
        let key = Self.key(label, dimensions)
        return gauges.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = CoreMetrics.Gauge(label: label, dimensions: dimensions, factory: factory)
            cache[key] = made
            return made
        }
    }
}
