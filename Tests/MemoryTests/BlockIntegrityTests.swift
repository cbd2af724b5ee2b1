import Memory
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Blocks are disjoint, keep their contents, and large ones are freed")
struct BlockIntegrityTests {
    @Test("Blocks from one arena do not overlap and keep what was written")
    func disjointAndIntact() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        // Mostly small blocks, with a few over chunkSize/4 (4096) mixed in.
        var sizes = mixedSizes(count: 1_500)
        for index in stride(from: 100, to: sizes.count, by: 300) { sizes[index] = 5_000 + index }

        var blocks: [(start: UnsafeMutableRawPointer, size: Int)] = []
        for (index, size) in sizes.enumerated() {
            let block = try #require(arena.allocate(byteCount: size))
            block.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: index), count: size)
            blocks.append((block, size))
        }

        var damaged: [Int] = []
        for (index, block) in blocks.enumerated() {
            let bytes = UnsafeRawBufferPointer(start: block.start, count: block.size)
            if bytes.contains(where: { $0 != UInt8(truncatingIfNeeded: index) }) { damaged.append(index) }
        }
        #expect(damaged.isEmpty, "blocks whose contents changed: \(damaged.prefix(10))")

        let sorted = blocks.sorted { $0.start < $1.start }
        var overlaps = 0
        for (lower, upper) in zip(sorted, sorted.dropFirst()) where lower.start + lower.size > upper.start {
            overlaps += 1
        }
        #expect(overlaps == 0)
        #expect(arena.liveBlocks == sizes.count)
        #expect(arena.liveBytes == sizes.reduce(0, +))
        // Filling every block exactly to its end damages no guard.
        #expect(arena.endRequest().isEmpty)
    }

    @Test("Blocks over chunkSize/4 are usable end to end and take no chunk")
    func largeBlocksWork() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        let sizes = [fixture.pool.chunkSize / 4 + 1, fixture.pool.chunkSize, 1 << 20]
        for size in sizes {
            let block = try #require(arena.allocate(byteCount: size))
            #expect(isAligned(block))
            block.initializeMemory(as: UInt8.self, repeating: 0xA5, count: size)
            #expect(block.load(fromByteOffset: size - 1, as: UInt8.self) == 0xA5)
        }
        #expect(fixture.pool.systemAllocations == 0)
        #expect(arena.liveBlocks == 3)
        #expect(arena.liveBytes == sizes.reduce(0, +))
        #expect(fixture.requestTotals.liveBytes == sizes.reduce(0, +))

        #expect(arena.endRequest().isEmpty)
        #expect(arena.liveBlocks == 0)
        #expect(arena.liveBytes == 0)
        #expect(fixture.requestTotals.liveBytes == 0)
        #expect(fixture.requestTotals.liveBlocks == 0)
    }

    #if os(Linux)
    @Test("Large blocks go back to the system at endRequest (resident memory stays flat)")
    func largeBlocksAreFreed() throws {
        let fixture = ArenaFixture()
        let arena = fixture.requestArena()
        let blockSize = 1 << 20
        let cycles = 600  // 600 MiB touched in total; a leak would keep all of it resident
        let before = try residentBytes()
        for request in 0..<cycles {
            arena.beginRequest(UInt64(request))
            let block = try #require(arena.allocate(byteCount: blockSize))
            block.initializeMemory(as: UInt8.self, repeating: 0x5A, count: blockSize)
            #expect(arena.endRequest().isEmpty)
        }
        let growth = try residentBytes() - before
        #expect(growth < 128 << 20, "resident memory grew by \(growth >> 20) MiB over \(cycles) MiB of large blocks")
    }

    private func residentBytes() throws -> Int {
        let text = try #require(String(contentsOfProcFile: "/proc/self/statm"))
        let fields = text.split(separator: " ")
        let pages = try #require(fields.count > 1 ? Int(fields[1]) : nil)
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
    #endif
}

#if os(Linux)
extension String {
    /// Reads a small /proc file with plain POSIX calls (Foundation is not a dependency of the tests).
    init?(contentsOfProcFile path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        self.init(decoding: buffer[..<count], as: UTF8.self)
    }
}
#endif
