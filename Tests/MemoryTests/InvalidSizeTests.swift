import Memory
import Testing

@Suite("Sizes that cannot be allocated return nil")
struct InvalidSizeTests {
    static let invalidSizes = [-1, -16, -24, -100, -4_096, Int.min, Int(UInt32.max) + 1, Int.max]

    @Test("On a fresh request arena", arguments: invalidSizes)
    func freshRequestArena(byteCount: Int) {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        #expect(arena.allocate(byteCount: byteCount) == nil)
        #expect(arena.liveBlocks == 0)
        #expect(arena.liveBytes == 0)
    }

    @Test("On a request arena that already has blocks, which stay intact", arguments: invalidSizes)
    func requestArenaInUse(byteCount: Int) throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        let before = try #require(arena.allocate(byteCount: 64))
        before.initializeMemory(as: UInt8.self, repeating: 0x3C, count: 64)

        #expect(arena.allocate(byteCount: byteCount) == nil)
        #expect(arena.liveBlocks == 1)
        #expect(arena.liveBytes == 64)

        // The next block must not overlap the earlier one.
        let after = try #require(arena.allocate(byteCount: 64))
        after.initializeMemory(as: UInt8.self, repeating: 0xC3, count: 64)
        #expect(after >= before + 64 || after + 64 <= before)
        #expect(Array(UnsafeRawBufferPointer(start: before, count: 64)) == Array(repeating: 0x3C, count: 64))
        #expect(arena.endRequest().isEmpty)
    }

    @Test("On an uncapped connection arena", arguments: invalidSizes)
    func connectionArena(byteCount: Int) throws {
        let fixture = ArenaFixture(MemoryConfiguration(connectionByteCap: nil))
        let arena = fixture.connectionArena()
        _ = try #require(arena.allocate(byteCount: 16))
        #expect(arena.allocate(byteCount: byteCount) == nil)
        #expect(arena.liveBlocks == 1)
        #expect(arena.liveBytes == 16)
        #expect(arena.release().isEmpty)
    }

    @Test("Negative sizes are not cap hits on a capped connection arena")
    func negativeIsNotACapHit() throws {
        let fixture = ArenaFixture(MemoryConfiguration(connectionByteCap: 1_000))
        let arena = fixture.connectionArena()
        _ = try #require(arena.allocate(byteCount: 16))
        #expect(arena.allocate(byteCount: -100) == nil)
        #expect(arena.liveBytes == 16)
        #expect(!arena.capReached)
        #expect(fixture.connectionTotals.capHits == 0)
    }
}
