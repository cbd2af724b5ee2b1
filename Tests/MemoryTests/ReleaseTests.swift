import Memory
import Testing

@Suite("ConnectionArena.release()")
struct ReleaseTests {
    @Test("release() frees everything and a second release() changes nothing")
    func releaseIsIdempotent() throws {
        let fixture = ArenaFixture()
        let arena = fixture.connectionArena()
        let damaged = try #require(arena.allocate(byteCount: 8, owner: .named("BadFilter")))
        for size in mixedSizes(count: 300) { _ = try #require(arena.allocate(byteCount: size)) }
        _ = try #require(arena.allocate(byteCount: 50_000))
        damaged.storeBytes(of: 0, toByteOffset: 8, as: UInt8.self)
        let chunks = fixture.pool.systemAllocations
        #expect(chunks > 1)
        #expect(fixture.pool.freeChunks == 0)

        #expect(arena.release().count == 1)
        #expect(arena.isReleased)
        #expect(arena.liveBytes == 0)
        #expect(arena.liveBlocks == 0)
        #expect(fixture.pool.freeChunks == chunks)
        let afterFirst = fixture.connectionTotals
        #expect(afterFirst.liveBytes == 0)
        #expect(afterFirst.liveBlocks == 0)
        #expect(afterFirst.allocatedBlocks == 302)
        #expect(afterFirst.guardFailures == 1)

        #expect(arena.release().isEmpty)
        #expect(fixture.connectionTotals == afterFirst)
        #expect(fixture.pool.freeChunks == chunks)
    }

    @Test("Allocating from a released connection arena traps")
    func useAfterReleaseTraps() async {
        await #expect(processExitsWith: .failure) {
            let pool = ChunkPool()
            let arena = ConnectionArena(pool: pool, accounting: MemoryAccounting())
            arena.release()
            _ = arena.allocate(byteCount: 16)
        }
    }
}
