import Memory
import Testing

@Suite("ConnectionArena byte cap")
struct ConnectionCapTests {
    let greedy = AllocationOwner.named("GreedyFilter")

    @Test("Below the cap allocations succeed; past it they return nil and the owner is told once")
    func capRefusesAndReportsOnce() throws {
        let fixture = ArenaFixture(MemoryConfiguration(connectionByteCap: 1_000))
        let arena = fixture.connectionArena()
        var reported: [AllocationOwner] = []
        arena.onCapReached = { reported.append($0) }

        _ = try #require(arena.allocate(byteCount: 400))
        _ = try #require(arena.allocate(byteCount: 400, owner: greedy))
        #expect(arena.liveBytes == 800)
        #expect(!arena.capReached)
        #expect(reported.isEmpty)

        #expect(arena.allocate(byteCount: 300, owner: greedy) == nil)
        #expect(arena.capReached)
        #expect(reported == [greedy])
        #expect(fixture.connectionTotals.capHits == 1)

        #expect(arena.allocate(byteCount: 300, owner: greedy) == nil)
        #expect(reported == [greedy], "onCapReached fires only on the first refusal")
        #expect(fixture.connectionTotals.capHits == 2)

        // What still fits keeps working, up to the cap exactly.
        let fits = try #require(arena.allocate(byteCount: 200))
        #expect(isAligned(fits))
        #expect(arena.liveBytes == 1_000)
        #expect(arena.allocate(byteCount: 1) == nil)
        #expect(fixture.connectionTotals.capHits == 3)
        #expect(reported.count == 1)
        #expect(arena.liveBlocks == 3)

        arena.release()
        #expect(fixture.connectionTotals.liveBytes == 0)
        #expect(fixture.requestTotals.capHits == 0)
    }

    @Test("Blocks from one request stay valid on the next, below the cap")
    func blocksOutliveRequests() throws {
        let fixture = ArenaFixture(MemoryConfiguration(connectionByteCap: 64 * 1024))
        let arena = fixture.connectionArena()
        arena.currentRequestID = 1
        let first = try #require(arena.allocate(byteCount: 32))
        first.initializeMemory(as: UInt8.self, repeating: 0x77, count: 32)
        for request in 2...20 {
            arena.currentRequestID = UInt64(request)
            for size in mixedSizes(count: 10) { _ = try #require(arena.allocate(byteCount: size)) }
        }
        #expect(Array(UnsafeRawBufferPointer(start: first, count: 32)) == Array(repeating: 0x77, count: 32))
        #expect(!arena.capReached)
        #expect(arena.release().isEmpty)
    }

    @Test("A single request bigger than the whole cap is refused")
    func oversizedFirstRequest() {
        let fixture = ArenaFixture(MemoryConfiguration(connectionByteCap: 1_000))
        let arena = fixture.connectionArena()
        var calls = 0
        arena.onCapReached = { _ in calls += 1 }
        #expect(arena.allocate(byteCount: 1_001) == nil)
        #expect(calls == 1)
        #expect(arena.capReached)
        #expect(arena.liveBytes == 0)
        #expect(arena.allocate(byteCount: 1_000) != nil)
    }

    @Test("With no cap, allocation is unbounded")
    func noCap() throws {
        let fixture = ArenaFixture(MemoryConfiguration(connectionByteCap: nil))
        let arena = fixture.connectionArena()
        #expect(arena.byteCap == nil)
        for _ in 0..<100 { _ = try #require(arena.allocate(byteCount: 20_000)) }
        #expect(arena.liveBytes == 2_000_000)
        #expect(!arena.capReached)
        #expect(fixture.connectionTotals.capHits == 0)
        arena.release()
    }
}
