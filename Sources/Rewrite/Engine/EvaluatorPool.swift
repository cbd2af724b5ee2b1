import Synchronization

/// Hands out `RewriteEvaluator`s to concurrent requests and takes them back, so each request
/// evaluates in buffers that are already allocated. Taking and returning one is a lock and an
/// array pop/push: no allocation in steady state.
public final class EvaluatorPool: @unchecked Sendable {
    private let lock = Mutex<Void>(())
    // Guarded by `lock`, so without the runtime's exclusivity check (two per request).
    @exclusivity(unchecked) private var idle: [RewriteEvaluator] = []
    private let limit: Int

    /// At most `limit` idle evaluators are kept (about one per thread that evaluates at once).
    public init(limit: Int = 64) {
        self.limit = limit
        idle.reserveCapacity(limit)
    }

    public func withEvaluator<Result>(_ body: (RewriteEvaluator) throws -> Result) rethrows -> Result {
        let evaluator = lock.withLock { _ in idle.popLast() } ?? RewriteEvaluator()
        defer {
            lock.withLock { _ in
                if idle.count < limit { idle.append(evaluator) }
            }
        }
        return try body(evaluator)
    }
}
