import Testing
@testable import Pipeline
import TestSupport

final class CountingContext: ConnectionStoredContext, @unchecked Sendable {
    let log: EventLog
    let label: String
    init(_ label: String, log: EventLog) {
        self.label = label
        self.log = log
    }
    func cleanupStoredContext() { log.append("\(label):cleanup") }
    func notifyDisconnect() { log.append("\(label):disconnect") }
}

final class ClosingObserver: GlobalModule {
    let log: EventLog
    init(log: EventLog) { self.log = log }
    func preBeginRequest(context: HttpContext) -> GlobalNotificationStatus {
        log.append("global:PreBeginRequest \(context.request.target)")
        if context.request.path == "/blocked" {
            context.response.setStatus(403)
            context.finishRequest()
        }
        return .continue
    }
    func connectionClosed(_ connection: PipelineConnection) -> GlobalNotificationStatus {
        log.append("global:ConnectionClosed live=\(connection.arena.liveBytes)")
        return .continue
    }
}

@Suite struct StorageAndGlobalTests {
    @Test func storedContextsAreCleanedUpExactlyOncePerScope() throws {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("M", log: log, notifications: .beginRequest) { _, context in
                try context.moduleContexts.set(CountingContext("request \(context.request.path)", log: log), for: "M")
                #expect(throws: ModuleContextError.alreadyAssigned) {
                    try context.moduleContexts.set(CountingContext("again", log: log), for: "M")
                }
                if context.connection.moduleContexts.get(for: "M") == nil {
                    try context.connection.moduleContexts.set(CountingContext("connection", log: log), for: "M")
                }
                return .continue
            },
        ])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/1"))
        driver.send(IncomingRequest(target: "/2"))
        driver.close()
        driver.close()
        #expect(log.all.filter { !$0.hasPrefix("M:") } == [
            "request /1:cleanup", "request /2:cleanup", "connection:disconnect", "connection:cleanup",
        ])
    }

    @Test func globalModulesSeePreBeginRequestAndTheConnectionCloseBeforeMemoryIsFreed() {
        let log = EventLog()
        let pipeline = makePipeline(
            [recordingModule("M", log: log, notifications: [.beginRequest, .logRequest]) { notification, context in
                if notification == .stage(.beginRequest, isPost: false) { _ = context.connection.arena.allocate(byteCount: 24) }
                return .continue
            }],
            globals: [GlobalModuleRegistration(name: "G", module: ClosingObserver(log: log),
                                               notifications: [.preBeginRequest, .connectionClose])])
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(IncomingRequest(target: "/ok"))?.status == 200)
        #expect(driver.send(IncomingRequest(target: "/blocked"))?.status == 403)
        driver.close()
        #expect(log.all == [
            "global:PreBeginRequest /ok", "M:BeginRequest", "M:LogRequest", "M:dispose",
            "global:PreBeginRequest /blocked", "M:LogRequest", "M:dispose",
            "global:ConnectionClosed live=24",
        ])
        #expect(driver.connection.arena.liveBytes == 0)
    }

    @Test func closingDuringAPendingRequestWaitsForItToFinish() {
        let log = EventLog()
        final class Parked: HttpModule {
            var handle: CompletionHandle?
            static let shared = ParkedHandles()
            func handle(_ n: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
                Self.shared.handle = context.makeCompletionHandle()
                return .pending
            }
        }
        let pipeline = makePipeline(
            [ModuleRegistration(name: "Parked", factory: ClosureModuleFactory { _ in Parked() }, notifications: .executeRequestHandler)],
            globals: [GlobalModuleRegistration(name: "G", module: ClosingObserver(log: log), notifications: .connectionClose)])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.connection.enqueue(IncomingRequest(target: "/"))
        driver.drain()
        driver.close()
        #expect(!driver.connection.isConnected)
        #expect(!driver.connection.isClosed, "the in-flight request finishes first")
        Parked.shared.handle?.indicateCompletion(.continue)
        driver.drain()
        #expect(driver.connection.isClosed)
        #expect(log.all == ["global:ConnectionClosed live=0"])
    }
}

final class ParkedHandles: @unchecked Sendable { var handle: CompletionHandle? }
