import Pipeline
import Synchronization

/// `serverRuntime appConcurrentRequestLimit`: how many of a site's requests may be in progress at
/// once in this worker process. The request past the limit is answered 503.2 ("concurrent request
/// limit exceeded", as IIS) at BeginRequest; a counted request stops counting when its modules
/// are disposed after EndRequest, however it ended.
final class ConcurrentRequestLimit: HttpModuleFactory {
    static let name = "ConcurrentRequestLimit"
    let limit: Int
    private let inProgress = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// First at BeginRequest: a refused request costs no other module anything.
    var registration: ModuleRegistration {
        ModuleRegistration(name: Self.name, factory: self, notifications: .beginRequest, priority: .first).notReadingRequestBody()
    }

    func makeModule(allocator: ModuleAllocator) throws -> any HttpModule { Counted(limit: self) }

    /// Requests counted now (for tests and `check`).
    var current: Int { inProgress.load(ordering: .relaxed) }

    fileprivate func enter() -> Bool {
        inProgress.add(1, ordering: .relaxed).newValue <= limit
    }

    fileprivate func leave() { inProgress.subtract(1, ordering: .relaxed) }

    private final class Counted: HttpModule {
        let limit: ConcurrentRequestLimit
        var counted = false

        init(limit: ConcurrentRequestLimit) { self.limit = limit }

        func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
            guard notification == .stage(.beginRequest, isPost: false), !counted else { return .continue }
            counted = true
            guard limit.enter() else {
                let response = context.response
                response.clear()
                response.setStatus(503, subStatus: 2)
                response.headers.set("Content-Type", "text/plain; charset=utf-8")
                response.write("503 Service Unavailable: the site has \(limit.limit) requests in progress (serverRuntime appConcurrentRequestLimit); try again later.\n")
                return .finishRequest
            }
            return .continue
        }

        func dispose() {
            if counted { limit.leave() }
        }
    }
}
