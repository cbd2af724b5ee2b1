import ArenaWorkloads
import Benchmark
import Memory

/// Arena allocation against malloc+free. Goal (DESIGN.md section 2): at least 10x faster for
/// 16-256 byte blocks, and no malloc per request once the chunk pool is warm.
///
/// Each iteration does 1,000 inner operations (`scalingFactor: .kilo`), and starred figures are per
/// inner operation: one block, or one whole request for the "request" pair. "allocate only" leaves
/// endRequest() (guard walk and reset) out of the timing; "+ endRequest" counts it, which is the fair
/// match for malloc+free. Note that malloc here runs through the framework's malloc interposer, which
/// is what lets it count mallocs but also slows malloc down; the ArenaClock executable in this
/// package times the same code without it.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    let owner = AllocationOwner.named("Benchmark")
    let blocks = Benchmark.defaultConfiguration.scalingFactor.rawValue

    // One pool and arena per benchmark, like one connection on one event loop, with private accounting.
    func requestArena() -> RequestArena {
        RequestArena(pool: ChunkPool(), accounting: MemoryAccounting())
    }

    // (a) 64-byte blocks.
    let small = requestArena()
    Benchmark("64 B / arena: allocate only") { benchmark in
        blackHole(Workloads.arenaFixed(small, count: blocks, byteCount: 64, owner: owner))
        benchmark.stopMeasurement()
        small.endRequest()
    }
    Benchmark("64 B / arena: allocate + endRequest") { _ in
        blackHole(Workloads.arenaFixed(small, count: blocks, byteCount: 64, owner: owner))
        small.endRequest()
    }
    Benchmark("64 B / malloc + free") { _ in
        blackHole(Workloads.mallocFixed(count: blocks, byteCount: 64))
    }
    // The same with every block from its own call, as a filter calling AllocMem does.
    Benchmark("64 B, one call per block / arena: allocate + endRequest") { _ in
        blackHole(Workloads.arenaFixedOnePerCall(small, count: blocks, byteCount: 64, owner: owner))
        small.endRequest()
    }
    Benchmark("64 B, one call per block / malloc + free") { _ in
        blackHole(Workloads.mallocFixedOnePerCall(count: blocks, byteCount: 64))
    }

    // (b) Mixed sizes, 16...256 bytes.
    let mixed = requestArena()
    Benchmark("16-256 B / arena: allocate only") { benchmark in
        blackHole(Workloads.arenaMixed(mixed, count: blocks, owner: owner))
        benchmark.stopMeasurement()
        mixed.endRequest()
    }
    Benchmark("16-256 B / arena: allocate + endRequest") { _ in
        blackHole(Workloads.arenaMixed(mixed, count: blocks, owner: owner))
        mixed.endRequest()
    }
    Benchmark("16-256 B / malloc + free") { _ in
        blackHole(Workloads.mallocMixed(count: blocks))
    }

    // (c) A whole request's worth: 50 mixed blocks, then the request ends; per inner op = per request.
    let requests = requestArena()
    let perRequest = Workloads.blocksPerRequest
    Benchmark("request of 50 x 16-256 B / arena: allocate + endRequest") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Workloads.arenaMixed(requests, count: perRequest, owner: owner))
            requests.endRequest()
        }
    }
    let held = UnsafeMutableBufferPointer<UnsafeMutableRawPointer?>.allocate(capacity: perRequest)
    Benchmark("request of 50 x 16-256 B / 50 malloc, then 50 free") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Workloads.mallocRequest(into: held))
        }
    }
}
