import Memory

/// A private pool and accounting per test, so tests running in parallel never see each other's counts.
struct ArenaFixture {
    let configuration: MemoryConfiguration
    let pool: ChunkPool
    let accounting = MemoryAccounting()

    init(_ configuration: MemoryConfiguration = .default) {
        self.configuration = configuration
        self.pool = ChunkPool(configuration: configuration)
    }

    func requestArena() -> RequestArena {
        RequestArena(pool: pool, configuration: configuration, accounting: accounting)
    }

    func connectionArena() -> ConnectionArena {
        ConnectionArena(pool: pool, configuration: configuration, accounting: accounting)
    }

    var requestTotals: MemoryAccounting.Snapshot { accounting.snapshot(.request) }
    var connectionTotals: MemoryAccounting.Snapshot { accounting.snapshot(.connection) }
}

/// Sizes from 1 to 300 bytes in a fixed, irregular order (no randomness: failures must reproduce).
func mixedSizes(count: Int) -> [Int] {
    (0..<count).map { index in (index &* 37 &+ 11) % 300 + 1 }
}

func isAligned(_ pointer: UnsafeMutableRawPointer, to alignment: Int = 16) -> Bool {
    Int(bitPattern: pointer) % alignment == 0
}
