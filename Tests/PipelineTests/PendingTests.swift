import Foundation
import Memory
import Testing
@testable import Pipeline
import TestSupport

/// A module that goes PENDING in ExecuteRequestHandler and completes from another thread.
final class AsyncModule: HttpModule {
    enum Mode: Sendable { case indicate(NotificationStatus), post }
    let log: EventLog
    let mode: Mode
    init(log: EventLog, mode: Mode) {
        self.log = log
        self.mode = mode
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        log.append("\(notification)")
        guard notification == .stage(.executeRequestHandler, isPost: false) else { return .continue }
        _ = context.allocateRequestMemory(byteCount: 100)
        let handle = context.makeCompletionHandle()
        let mode = self.mode
        let log = self.log
        Thread.detachNewThread {
            usleep(20_000)
            log.append("completing")
            switch mode {
            case .indicate(let status): handle.indicateCompletion(status)
            case .post: handle.postCompletion(bytes: 42)
            }
            #expect(handle.indicateCompletion(.continue) == false, "a second completion must be refused")
        }
        return .pending
    }

    func handleAsyncCompletion(_ notification: RequestNotification, context: HttpContext, completion: AsyncCompletion) throws -> NotificationStatus {
        log.append("async:\(notification):\(completion.bytes)")
        context.response.write("posted")
        return .continue
    }
}

@Suite struct PendingTests {
    func pipeline(_ log: EventLog, mode: AsyncModule.Mode) -> RequestPipeline {
        makePipeline([
            ModuleRegistration(name: "Async", factory: ClosureModuleFactory { _ in AsyncModule(log: log, mode: mode) },
                               notifications: [.executeRequestHandler, .logRequest], postNotifications: .executeRequestHandler),
            recordingModule("After", log: log, notifications: .executeRequestHandler, priority: .low),
        ])
    }

    @Test func indicateCompletionResumesWithoutReenteringTheModule() {
        let log = EventLog()
        let driver = InProcessDriver(pipeline: pipeline(log, mode: .indicate(.continue)))
        let response = driver.send(IncomingRequest(target: "/"))
        #expect(response?.status == 200)
        #expect(log.all == ["ExecuteRequestHandler", "completing", "After:ExecuteRequestHandler",
                            "PostExecuteRequestHandler", "LogRequest", "After:dispose"])
        #expect(driver.connection.requestArena.liveBytes == 0)
    }

    @Test func postCompletionReentersHandleAsyncCompletion() {
        let log = EventLog()
        let driver = InProcessDriver(pipeline: pipeline(log, mode: .post))
        let response = driver.send(IncomingRequest(target: "/"))
        #expect(response?.bodyText == "posted")
        #expect(log.all.contains("async:ExecuteRequestHandler:42"))
        #expect(driver.connection.requestArena.liveBytes == 0)
    }

    @Test func completingWithFinishRequestSkipsTheRestOfTheStages() {
        let log = EventLog()
        let driver = InProcessDriver(pipeline: pipeline(log, mode: .indicate(.finishRequest)))
        driver.send(IncomingRequest(target: "/"))
        // "After" never ran, so it was never made and is not disposed.
        #expect(log.all == ["ExecuteRequestHandler", "completing", "LogRequest"])
    }

    @Test func requestsQueuedBehindAPendingOneWaitTheirTurn() {
        let log = EventLog()
        let driver = InProcessDriver(pipeline: pipeline(log, mode: .indicate(.continue)))
        driver.connection.enqueue(IncomingRequest(target: "/1"))
        driver.connection.enqueue(IncomingRequest(target: "/2"))
        #expect(driver.connection.backlog == 2)
        driver.run(until: { driver.responses.count == 2 })
        #expect(driver.responses.count == 2)
        #expect(log.all.filter { $0 == "completing" }.count == 2)
    }
}
