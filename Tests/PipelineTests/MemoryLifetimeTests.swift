import Memory
import Testing
@testable import Pipeline
import TestSupport

@Suite struct MemoryLifetimeTests {
    /// Allocates request memory in BeginRequest and ends the request the way `end` says.
    func requestMemoryIsReleased(end: @escaping @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus) {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("Alloc", log: log, notifications: [.beginRequest, .executeRequestHandler, .endRequest]) { notification, context in
                if notification == .stage(.beginRequest, isPost: false) {
                    let block = context.allocateRequestMemory(byteCount: 64)
                    #expect(block != nil)
                    #expect(context.connection.requestArena.liveBytes == 64)
                }
                if notification == .stage(.endRequest, isPost: false) {
                    // Still valid through EndRequest.
                    #expect(context.connection.requestArena.liveBytes == 64)
                }
                return try end(notification, context)
            },
        ])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/"))
        #expect(driver.connection.requestArena.liveBytes == 0)
        #expect(driver.connection.requestArena.liveBlocks == 0)
    }

    @Test func requestMemoryIsReleasedWhenTheRequestEnds() {
        requestMemoryIsReleased { _, _ in .continue }
    }

    @Test func requestMemoryIsReleasedAfterFinishRequest() {
        requestMemoryIsReleased { n, _ in n == .stage(.beginRequest, isPost: false) ? .finishRequest : .continue }
    }

    @Test func requestMemoryIsReleasedAfterAModuleThrows() {
        requestMemoryIsReleased { n, _ in
            if n == .stage(.executeRequestHandler, isPost: false) { throw TestFailure() }
            return .continue
        }
    }

    @Test func moduleAllocatorMemoryOutlivesEndRequestUntilDispose() {
        final class Holder: HttpModule {
            let block: UnsafeMutableRawPointer
            let arena: RequestArena
            init(allocator: ModuleAllocator, arena: RequestArena) {
                block = allocator.allocateMemory(byteCount: 32)!
                block.storeBytes(of: 0xABCD, as: UInt32.self)
                self.arena = arena
            }
            func handle(_ n: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus { .continue }
            func dispose() {
                #expect(block.load(as: UInt32.self) == 0xABCD)
                #expect(arena.liveBytes == 32)
            }
        }
        let box = ArenaBox()
        let pipeline = makePipeline([ModuleRegistration(
            name: "Holder", factory: ClosureModuleFactory { allocator in Holder(allocator: allocator, arena: box.arena!) },
            notifications: .endRequest)])
        let driver = InProcessDriver(pipeline: pipeline)
        box.arena = driver.connection.requestArena
        driver.send(IncomingRequest(target: "/"))
        #expect(driver.connection.requestArena.liveBytes == 0)
    }

    @Test func connectionMemoryFromRequestOneIsIntactOnRequestTwoAndFreedOnlyAtClose() {
        let accounting = MemoryAccounting.shared
        let log = EventLog()
        let stash = PointerStash()
        let pipeline = makePipeline([
            recordingModule("Filterish", log: log, notifications: .beginRequest) { _, context in
                let arena = context.connection.arena
                if let block = stash.pointer {
                    #expect(String(cString: block.assumingMemoryBound(to: CChar.self)) == "from request 1")
                    #expect(arena.liveBytes == 15)
                } else {
                    let block = arena.allocate(byteCount: 15, owner: .named("Filterish"))!
                    "from request 1".withCString { block.copyMemory(from: $0, byteCount: 15) }
                    stash.pointer = block
                }
                return .continue
            },
        ])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/1"))
        driver.send(IncomingRequest(target: "/2"))
        #expect(driver.connection.arena.liveBytes == 15)
        #expect(accounting.snapshot(.connection).liveBytes >= 15)
        driver.close()
        #expect(driver.connection.arena.isReleased)
        #expect(driver.connection.arena.liveBytes == 0)
    }

    @Test func aBlockWrittenPastItsEndIsReportedWithItsOwner() {
        let logs = CapturedLog()
        let pipeline = RequestPipeline(
            site: SiteInfo(physicalPath: "/srv"),
            modules: [recordingModule("Overrunner", log: EventLog(), notifications: .beginRequest) { _, context in
                let block = context.allocateRequestMemory(byteCount: 10)!
                block.initializeMemory(as: UInt8.self, repeating: 0x41, count: 11) // one byte too many
                return .continue
            }],
            memoryLogger: logs.logger(label: "memory"))
        let driver = InProcessDriver(pipeline: pipeline)
        let failedBefore = MemoryAccounting.shared.snapshot(.request).failedRequests
        var completed: HttpContext?
        driver.connection.onRequestCompleted = { completed = $0 }
        let response = driver.send(IncomingRequest(target: "/"))
        // The response still goes out; the damage is found when the request's memory is released.
        #expect(response?.status == 200)
        let failure = completed?.guardFailures.first
        #expect(failure?.owner.name == "Overrunner")
        #expect(failure?.byteCount == 10)
        #expect(failure?.requestID == completed?.requestID)
        #expect(MemoryAccounting.shared.snapshot(.request).failedRequests > failedBefore)
        let line = logs.records.first { $0.level == .error }
        #expect(line?.message.contains("'Overrunner'") == true)
        #expect(line?.message.contains("10 bytes") == true)
    }

    @Test func aConnectionBlockWrittenPastItsEndIsReportedAtClose() {
        let pipeline = makePipeline([
            recordingModule("SloppyFilter", log: EventLog(), notifications: .beginRequest) { _, context in
                let block = context.connection.arena.allocate(byteCount: 8, owner: .named("SloppyFilter"))!
                block.storeBytes(of: UInt64.max, toByteOffset: 4, as: UInt64.self)
                return .continue
            },
        ])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/"))
        #expect(driver.connection.closeGuardFailures.isEmpty)
        driver.close()
        #expect(driver.connection.closeGuardFailures.map(\.owner.name) == ["SloppyFilter"])
    }

    @Test func theConnectionCapRefusesAllocationAndClosesAfterTheResponse() {
        let memory = MemoryConfiguration(connectionByteCap: 100)
        let results = ResultStash()
        let pipeline = makePipeline([
            recordingModule("Greedy", log: EventLog(), notifications: .beginRequest) { _, context in
                let arena = context.connection.arena
                results.values.append(arena.allocate(byteCount: 60, owner: .named("Greedy")) != nil)
                return .continue
            },
        ], memory: memory)
        let driver = InProcessDriver(pipeline: pipeline)
        let first = driver.send(IncomingRequest(target: "/1"))
        #expect(first?.keepAlive == true)
        let second = driver.send(IncomingRequest(target: "/2"))
        #expect(results.values == [true, false])
        #expect(second?.status == 200, "the response still completes")
        #expect(second?.keepAlive == false, "the connection closes after it")
        #expect(driver.connection.arena.capReached)
    }
}

final class ArenaBox: @unchecked Sendable { var arena: RequestArena? }
final class PointerStash: @unchecked Sendable { var pointer: UnsafeMutableRawPointer? }
final class ResultStash: @unchecked Sendable { var values: [Bool] = [] }
