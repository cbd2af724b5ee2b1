import Memory
import Testing

@Suite("RequestArena lifecycle and MemoryAccounting")
struct RequestLifecycleTests {
    @Test("endRequest() returns live bytes and blocks to zero")
    func endRequestResets() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        let sizes = mixedSizes(count: 300) + [9_000]
        for size in sizes { _ = try #require(arena.allocate(byteCount: size)) }
        #expect(arena.liveBlocks == 301)
        #expect(arena.liveBytes == sizes.reduce(0, +))

        #expect(arena.endRequest().isEmpty)
        #expect(arena.liveBlocks == 0)
        #expect(arena.liveBytes == 0)
        // Every chunk the request used is back in the pool.
        #expect(fixture.pool.freeChunks == fixture.pool.systemAllocations)
        #expect(fixture.pool.freeChunks > 0)
    }

    @Test("Accounting shows a request's blocks while they live and none after")
    func accountingFollowsTheRequest() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        #expect(fixture.requestTotals.liveArenas == 1)

        // The first block takes a chunk, and taking a chunk publishes.
        _ = try #require(arena.allocate(byteCount: 100))
        #expect(fixture.requestTotals.liveBytes == 100)
        #expect(fixture.requestTotals.liveBlocks == 1)

        // Further blocks may be published late, but by at most one chunk's worth.
        for _ in 0..<20 { _ = try #require(arena.allocate(byteCount: 100)) }
        let partial = fixture.requestTotals
        #expect(partial.liveBytes <= arena.liveBytes)
        #expect(arena.liveBytes - partial.liveBytes < fixture.pool.chunkSize)

        // Filling past the first chunk takes a second one, which publishes everything so far.
        while fixture.pool.systemAllocations < 2 { _ = try #require(arena.allocate(byteCount: 100)) }
        let blocks = arena.liveBlocks
        #expect(fixture.requestTotals.liveBlocks == blocks)
        #expect(fixture.requestTotals.liveBytes == blocks * 100)

        #expect(arena.endRequest().isEmpty)
        let after = fixture.requestTotals
        #expect(after.liveBytes == 0)
        #expect(after.liveBlocks == 0)
        #expect(after.allocatedBytes == blocks * 100)
        #expect(after.allocatedBlocks == blocks)
        #expect(after.guardFailures == 0)
        #expect(after.failedRequests == 0)
        // Connection totals are separate.
        #expect(fixture.connectionTotals.allocatedBlocks == 0)
    }

    @Test("Totals add up over many requests on one arena")
    func totalsOverManyRequests() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        for request in 1...100 {
            arena.beginRequest(UInt64(request))
            for size in [16, 32, 64] { _ = try #require(arena.allocate(byteCount: size)) }
            arena.endRequest()
        }
        let totals = fixture.requestTotals
        #expect(totals.allocatedBlocks == 300)
        #expect(totals.allocatedBytes == 100 * (16 + 32 + 64))
        #expect(totals.liveBlocks == 0)
        #expect(totals.liveBytes == 0)
    }

    @Test("An arena counts as live until it is gone")
    func liveArenas() {
        let fixture = ArenaFixture()
        do {
            let request = fixture.requestArena()
            let connection = fixture.connectionArena()
            _ = request.allocate(byteCount: 10)
            _ = connection.allocate(byteCount: 10)
            #expect(fixture.requestTotals.liveArenas == 1)
            #expect(fixture.connectionTotals.liveArenas == 1)
        }
        #expect(fixture.requestTotals.liveArenas == 0)
        #expect(fixture.connectionTotals.liveArenas == 0)
        // Dropping an arena without ending its scope still gives its memory back.
        #expect(fixture.requestTotals.liveBytes == 0)
        #expect(fixture.connectionTotals.liveBytes == 0)
        #expect(fixture.pool.freeChunks == 2)
    }
}
