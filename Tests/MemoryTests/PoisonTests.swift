import Memory
import Testing

@Suite("Poison mode overwrites released memory with 0xDD")
struct PoisonTests {
    private func bytes(at pointer: UnsafeMutableRawPointer, count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    @Test("A request block reads 0xDD after endRequest")
    func requestMemoryIsPoisoned() throws {
        let fixture = ArenaFixture(MemoryConfiguration(poisonReleasedMemory: true))
        let arena = fixture.requestArena()
        let block = try #require(arena.allocate(byteCount: 64))
        let later = try #require(arena.allocate(byteCount: 200))
        block.initializeMemory(as: UInt8.self, repeating: 0x11, count: 64)
        later.initializeMemory(as: UInt8.self, repeating: 0x22, count: 200)
        #expect(arena.endRequest().isEmpty)

        // Safe to read: the chunk went back to the pool, which the fixture keeps alive.
        #expect(fixture.pool.freeChunks == 1)
        #expect(bytes(at: block, count: 64) == Array(repeating: 0xDD, count: 64))
        #expect(bytes(at: later, count: 200) == Array(repeating: 0xDD, count: 200))
    }

    @Test("Every chunk of a multi-chunk request is poisoned")
    func everyChunkIsPoisoned() throws {
        let fixture = ArenaFixture(MemoryConfiguration(poisonReleasedMemory: true))
        let arena = fixture.requestArena()
        var blocks: [UnsafeMutableRawPointer] = []
        for size in mixedSizes(count: 300) {
            let block = try #require(arena.allocate(byteCount: size))
            block.initializeMemory(as: UInt8.self, repeating: 0x33, count: size)
            blocks.append(block)
        }
        #expect(fixture.pool.systemAllocations > 1)
        arena.endRequest()
        let notPoisoned = zip(blocks, mixedSizes(count: 300)).filter { block, size in
            bytes(at: block, count: size).contains { $0 != 0xDD }
        }
        #expect(notPoisoned.isEmpty)
    }

    @Test("A connection block reads 0xDD after release")
    func connectionMemoryIsPoisoned() throws {
        let fixture = ArenaFixture(MemoryConfiguration(poisonReleasedMemory: true))
        let arena = fixture.connectionArena()
        let block = try #require(arena.allocate(byteCount: 48))
        block.initializeMemory(as: UInt8.self, repeating: 0x44, count: 48)
        arena.release()
        #expect(bytes(at: block, count: 48) == Array(repeating: 0xDD, count: 48))
    }
}
