import Memory
import Testing

@Suite("Tail guards catch writes past the end of a block")
struct GuardTests {
    let badFilter = AllocationOwner.named("BadFilter")

    @Test("One byte past a small block: reported with owner, size, address and request")
    func smallBlockOverrun() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        arena.beginRequest(42)
        _ = try #require(arena.allocate(byteCount: 10))
        let block = try #require(arena.allocate(byteCount: 24, owner: badFilter))
        _ = try #require(arena.allocate(byteCount: 10))
        block.storeBytes(of: 0x41, toByteOffset: 24, as: UInt8.self)
        // The report names the request that allocated the block, not the one current at the end.
        arena.currentRequestID = 43

        let failures = arena.endRequest()
        try #require(failures.count == 1)
        let failure = failures[0]
        #expect(failure.owner == badFilter)
        #expect(failure.owner.name == "BadFilter")
        #expect(failure.byteCount == 24)
        #expect(failure.requestID == 42)
        #expect(failure.address == UInt(bitPattern: block))
        #expect(failure.scope == .request)
        #expect(failure.description.contains("'BadFilter'"))
        #expect(failure.description.contains("request #42"))
        #expect(failure.description.contains("24 bytes"))

        let totals = fixture.requestTotals
        #expect(totals.guardFailures == 1)
        #expect(totals.failedRequests == 1)
        #expect(totals.liveBytes == 0)
    }

    @Test("Request id set through currentRequestID is recorded too")
    func requestIDFromProperty() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        arena.currentRequestID = 7
        let block = try #require(arena.allocate(byteCount: 1, owner: badFilter))
        block.storeBytes(of: 0, toByteOffset: 1, as: UInt8.self)
        let failures = arena.endRequest()
        #expect(failures.map(\.requestID) == [7])
        #expect(failures.map(\.byteCount) == [1])
    }

    @Test("Writing every byte of a block up to its end is not an overrun")
    func exactFillIsClean() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        for size in [1, 8, 15, 16, 17, 100, 5_000] {
            let block = try #require(arena.allocate(byteCount: size, owner: badFilter))
            block.initializeMemory(as: UInt8.self, repeating: 0xFF, count: size)
        }
        #expect(arena.damagedBlocks().isEmpty)
        #expect(arena.endRequest().isEmpty)
        #expect(fixture.requestTotals.guardFailures == 0)
        #expect(fixture.requestTotals.failedRequests == 0)
    }

    @Test("One byte past a zero-byte block is caught")
    func zeroByteOverrun() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        arena.beginRequest(5)
        let block = try #require(arena.allocate(byteCount: 0, owner: badFilter))
        block.storeBytes(of: 1, as: UInt8.self)
        let failures = arena.endRequest()
        #expect(failures.map(\.byteCount) == [0])
        #expect(failures.map(\.owner) == [badFilter])
    }

    @Test("One byte past a large block is caught")
    func largeBlockOverrun() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        arena.beginRequest(9)
        let size = 10_000
        let block = try #require(arena.allocate(byteCount: size, owner: badFilter))
        _ = try #require(arena.allocate(byteCount: 20_000))
        block.storeBytes(of: 0x41, toByteOffset: size, as: UInt8.self)

        #expect(arena.damagedBlocks().count == 1, "checked on demand without releasing")
        let failures = arena.endRequest()
        try #require(failures.count == 1)
        #expect(failures[0].byteCount == size)
        #expect(failures[0].owner.name == "BadFilter")
        #expect(failures[0].requestID == 9)
        #expect(failures[0].address == UInt(bitPattern: block))
        #expect(fixture.requestTotals.guardFailures == 1)
        #expect(fixture.requestTotals.failedRequests == 1)
    }

    @Test("Each damaged block is reported, and a request counts as failed once")
    func severalOverruns() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        let other = AllocationOwner.named("OtherModule")
        let first = try #require(arena.allocate(byteCount: 32, owner: badFilter))
        _ = try #require(arena.allocate(byteCount: 32))
        let second = try #require(arena.allocate(byteCount: 48, owner: other))
        first.storeBytes(of: 0, toByteOffset: 32, as: UInt8.self)
        second.storeBytes(of: 0, toByteOffset: 48, as: UInt8.self)

        let failures = arena.endRequest()
        #expect(Set(failures.map(\.owner)) == [badFilter, other])
        #expect(fixture.requestTotals.guardFailures == 2)
        #expect(fixture.requestTotals.failedRequests == 1)
    }

    @Test("An overrun that wrecks the next block's header is reported without crashing")
    func overrunIntoNextHeader() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        let block = try #require(arena.allocate(byteCount: 16, owner: badFilter))
        _ = try #require(arena.allocate(byteCount: 16))
        // 16 bytes of payload, then guard, padding and the next block's header: fill them all with 0xFF.
        block.initializeMemory(as: UInt8.self, repeating: 0xFF, count: 48)

        let failures = arena.endRequest()
        #expect(failures.first?.address == UInt(bitPattern: block))
        #expect(failures.first?.owner == badFilter)
        #expect(arena.liveBlocks == 0)
        #expect(fixture.requestTotals.failedRequests == 1)
    }

    @Test("A connection block overrun is reported by release()")
    func connectionOverrun() throws {
        let fixture = ArenaFixture()
        let arena = fixture.connectionArena()
        arena.currentRequestID = 3
        let block = try #require(arena.allocate(byteCount: 100, owner: badFilter))
        block.storeBytes(of: 0, toByteOffset: 100, as: UInt8.self)

        let failures = arena.release()
        try #require(failures.count == 1)
        #expect(failures[0].scope == .connection)
        #expect(failures[0].owner == badFilter)
        #expect(failures[0].byteCount == 100)
        #expect(failures[0].requestID == 3)
        #expect(fixture.connectionTotals.guardFailures == 1)
        #expect(fixture.requestTotals.guardFailures == 0)
    }

    @Test("With checkGuards off an overrun goes unreported and the memory is still released")
    func checksCanBeTurnedOff() throws {
        let fixture = ArenaFixture(MemoryConfiguration(checkGuards: false))
        let arena = fixture.requestArena()
        let block = try #require(arena.allocate(byteCount: 24, owner: badFilter))
        block.storeBytes(of: 0x41, toByteOffset: 24, as: UInt8.self)

        #expect(arena.endRequest().isEmpty)
        #expect(fixture.requestTotals.guardFailures == 0)
        #expect(fixture.requestTotals.liveBytes == 0)
        // The guard was written and damaged: a diagnostic check still sees it before release.
        let again = try #require(arena.allocate(byteCount: 24, owner: badFilter))
        again.storeBytes(of: 0x41, toByteOffset: 24, as: UInt8.self)
        #expect(arena.damagedBlocks().count == 1)
        arena.endRequest()
    }
}
