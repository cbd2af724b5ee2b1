import Memory
import Testing

@Suite("ChunkPool reuse: no malloc per request in steady state")
struct ChunkReuseTests {
    /// 45 KB in 300 blocks of 1...300 bytes: four 16 KiB chunks per request.
    private func serveRequest(_ arena: RequestArena, id: UInt64) throws {
        arena.beginRequest(id)
        for size in mixedSizes(count: 300) {
            let block = try #require(arena.allocate(byteCount: size))
            block.storeBytes(of: UInt8(truncatingIfNeeded: id), as: UInt8.self)
        }
        #expect(arena.endRequest().isEmpty)
    }

    @Test("After warm-up, thousands of requests take no chunk from the system")
    func steadyState() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        for id in 0..<5 { try serveRequest(arena, id: UInt64(id)) }
        let warm = fixture.pool.systemAllocations
        #expect(warm == 4)

        for id in 5..<5_005 { try serveRequest(arena, id: UInt64(id)) }
        #expect(fixture.pool.systemAllocations == warm)
        #expect(fixture.pool.freeChunks == warm)
    }

    @Test("Connections sharing one pool reuse each other's chunks")
    func sharedPool() throws {
        let fixture = ArenaFixture()
        let connections = (0..<4).map { _ in fixture.requestArena() }
        for id in 0..<3 {
            for arena in connections { try serveRequest(arena, id: UInt64(id)) }
        }
        // Requests here run one after another, so the chunks of one request serve the next.
        #expect(fixture.pool.systemAllocations == 4)

        // Two requests in flight at once need two requests' worth, once.
        let first = connections[0], second = connections[1]
        for id in 0..<1_000 {
            for size in mixedSizes(count: 300) {
                _ = try #require(first.allocate(byteCount: size))
                _ = try #require(second.allocate(byteCount: size))
            }
            #expect(first.endRequest().isEmpty)
            #expect(second.endRequest().isEmpty, "request \(id)")
        }
        #expect(fixture.pool.systemAllocations == 8)
    }

    @Test("The pool keeps at most pooledChunkLimit free chunks")
    func poolLimit() throws {
        let fixture = ArenaFixture(MemoryConfiguration(pooledChunkLimit: 2))
        let arena = fixture.requestArena()
        try serveRequest(arena, id: 1)
        #expect(fixture.pool.systemAllocations == 4)
        #expect(fixture.pool.freeChunks == 2)
        // The next request finds two chunks in the pool and has to ask the system for two more.
        try serveRequest(arena, id: 2)
        #expect(fixture.pool.systemAllocations == 6)
        #expect(fixture.pool.freeChunks == 2)
    }
}
