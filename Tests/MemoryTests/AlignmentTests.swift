import Memory
import Testing

@Suite("Every block is 16-byte aligned")
struct AlignmentTests {
    @Test("Blocks of one size, small and large", arguments: [0, 1, 7, 15, 16, 17, 63, 64, 100, 255, 4000, 5000, 100_000])
    func blocksOfOneSize(byteCount: Int) throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        for _ in 0..<50 {
            let block = try #require(arena.allocate(byteCount: byteCount))
            #expect(isAligned(block), "block of \(byteCount) bytes at \(block)")
        }
        #expect(arena.liveBlocks == 50)
        #expect(arena.endRequest().isEmpty)
    }

    @Test("Mixed sizes across several chunks")
    func mixedSizesAcrossChunks() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        var misaligned: [Int] = []
        for size in mixedSizes(count: 2_000) {
            let block = try #require(arena.allocate(byteCount: size))
            if !isAligned(block) { misaligned.append(size) }
        }
        #expect(misaligned.isEmpty)
        #expect(fixture.pool.systemAllocations > 1, "the sizes should span more than one chunk")
    }

    @Test("Connection blocks are aligned too")
    func connectionBlocks() throws {
        let fixture = ArenaFixture(MemoryConfiguration(connectionByteCap: nil))
        let arena = fixture.connectionArena()
        for size in mixedSizes(count: 500) + [10_000, 3] {
            let block = try #require(arena.allocate(byteCount: size))
            #expect(isAligned(block), "block of \(size) bytes at \(block)")
        }
        arena.release()
    }

    @Test("A zero-byte block is a valid, aligned, distinct pointer")
    func zeroByteBlock() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        let first = try #require(arena.allocate(byteCount: 0))
        let second = try #require(arena.allocate(byteCount: 0))
        #expect(isAligned(first))
        #expect(isAligned(second))
        #expect(first != second)
        #expect(arena.liveBlocks == 2)
        #expect(arena.liveBytes == 0)
        #expect(arena.endRequest().isEmpty)
    }
}
