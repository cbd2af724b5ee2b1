#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import Pipeline

/// Which thread did something, noted once.
final class ThreadNote: Sendable {
    private let noted = Mutex<pthread_t?>(nil)
    func note() { noted.withLock { $0 = pthread_self() } }
    var thread: pthread_t? { noted.withLock { $0 } }
}

/// A module whose ExecuteRequestHandler runs on the blocking-call pool (as a pooled native module's
/// does), writing its body in the continuation there; it notes which thread disposed it.
final class PooledWriterModule: HttpModule {
    let disposedOn: ThreadNote
    init(disposedOn: ThreadNote) { self.disposedOn = disposedOn }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard notification == .stage(.executeRequestHandler, isPost: false), context.mayPark else { return .continue }
        return context.runSuspendable(notification) { finish in
            let accepted = context.runParked(name: "PooledWriter") { pthread_self() } then: { _ in
                context.response.write("pooled")
                finish { .continue }
            }
            if !accepted { finish { .finishRequest } }
        }
    }

    func dispose() { disposedOn.note() }
}

/// What a pooled request costs the connection's executor (the loop), counted in tasks: the
/// hand-over to the pool thread and back is the pool mode's price per request.
@Suite struct PooledHandOverTests {
    func driver(_ disposedOn: ThreadNote, pool: BlockingCallPool) -> InProcessDriver {
        let pipeline = RequestPipeline(
            site: SiteInfo(physicalPath: "/srv/site"),
            modules: [ModuleRegistration(name: "PooledWriter", factory: ClosureModuleFactory { _ in PooledWriterModule(disposedOn: disposedOn) },
                                         notifications: .executeRequestHandler)],
            callPool: pool)
        return InProcessDriver(pipeline: pipeline)
    }

    /// Waits (without running the executor) until the pool thread has handed something to the
    /// executor and finished its call: the request's writes and hand-back are all queued then.
    func waitForPool(_ pool: BlockingCallPool, _ executor: QueueExecutor) {
        var polls = 0
        while polls < 25_000 && (executor.pendingCount == 0 || pool.statistics.running.load(ordering: .relaxed) > 0) {
            usleep(200)
            polls += 1
        }
    }

    @Test func aPooledRequestsWritesAndItsHandBackReachTheLoopInOneTask() throws {
        let pool = BlockingCallPool(configuration: BlockingCallPoolConfiguration(threads: 1))
        defer { pool.shutdown() }
        let disposedOn = ThreadNote()
        let driver = driver(disposedOn, pool: pool)
        for round in 1...3 {
            driver.connection.enqueue(IncomingRequest(target: "/"))
            // The loop's one task before the pool thread goes on: it has let go of the request.
            #expect(driver.executor.pendingCount == 1)
            driver.executor.runQueued(waitingUntil: .now)
            waitForPool(pool, driver.executor)
            // The request ran to its end on the pool thread: its head, body and end, and the
            // connection's hand-back, wait in a single task (not one for the writes and one to unpark).
            #expect(driver.executor.pendingCount == 1)
            #expect(driver.responses.count == round - 1)
            driver.executor.runQueued(waitingUntil: .now)
            #expect(driver.responses.count == round)
            #expect(driver.responses.last?.bodyText == "pooled")
            #expect(driver.executor.pendingCount == 0)
            #expect(driver.connection.isParked == false)
        }
    }

    @Test func aPooledRequestsModulesAreDisposedOnThePoolThreadBeforeTheLoopFinishesIt() throws {
        let pool = BlockingCallPool(configuration: BlockingCallPoolConfiguration(threads: 1))
        defer { pool.shutdown() }
        let disposedOn = ThreadNote()
        let driver = driver(disposedOn, pool: pool)
        let completedOn = ThreadNote()
        driver.connection.onRequestCompleted = { _ in completedOn.note() }
        driver.connection.enqueue(IncomingRequest(target: "/"))
        driver.executor.runQueued(waitingUntil: .now)
        waitForPool(pool, driver.executor)
        // Before the loop has run the hand-back: disposed, on the pool thread.
        let disposer = try #require(disposedOn.thread)
        #expect(pthread_equal(disposer, pthread_self()) == 0)
        #expect(completedOn.thread == nil)
        driver.executor.runQueued(waitingUntil: .now)
        // The server's part (observers, the next request) is the loop's.
        let completer = try #require(completedOn.thread)
        #expect(pthread_equal(completer, pthread_self()) != 0)
        #expect(driver.responses.last?.bodyText == "pooled")
    }
}
