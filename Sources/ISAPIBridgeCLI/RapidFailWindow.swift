import Pipeline
import Server

/// Rapid-fail protection as IIS defines it (`applicationPools/add/failure`): more than `limit`
/// worker failures within `interval` stop the pool. A limit of 0 turns the protection off.
struct RapidFailWindow {
    let limit: Int
    let interval: Duration
    private var failures: [ContinuousClock.Instant] = []

    init(limit: Int, interval: Duration) {
        self.limit = limit
        self.interval = interval
    }

    /// Counts a failure at `now`; true when it is one too many.
    mutating func record(_ now: ContinuousClock.Instant) -> Bool {
        guard limit > 0 else { return false }
        failures.append(now)
        failures.removeAll { now - $0 > interval }
        return failures.count > limit
    }

    mutating func reset() { failures = [] }
}

/// What the supervisor serves on every listener while rapid-fail protection holds the pool.
enum RapidFailAnswer {
    static func pipeline(body: String) -> RequestPipeline {
        RequestPipeline(site: SiteInfo(id: 0, name: "Rapid-fail protection", physicalPath: "/"),
                        modules: [FixedResponseModule.registration(status: 503, body: body)])
    }
}
