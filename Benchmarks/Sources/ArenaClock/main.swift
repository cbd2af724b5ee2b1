#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArenaWorkloads
import Memory

// The same workloads as the ArenaAllocation benchmark, timed with ContinuousClock in a process
// that has no malloc interposer, so malloc+free runs at glibc's own speed. For the arena it prints
// the allocations alone and allocations plus endRequest() (guard walk and reset), per block; the
// ratio compares the latter with malloc+free; and it counts the chunks the pool took from the
// system while timed (the arena's only mallocs). "no guard check" is allocations plus endRequest()
// with `MemoryConfiguration.checkGuards` off: the cost if guards were checked only in debug builds.
//
//     swift run --package-path Benchmarks --scratch-path Benchmarks/.build -c release ArenaClock [filter]

let owner = AllocationOwner.named("Benchmark")
let filter = CommandLine.arguments.dropFirst().first

// `ArenaClock profile arena|unchecked|malloc N`: N requests of 50 blocks and nothing else, for
// instruction counts that do not depend on the machine's load:
//     valgrind --tool=callgrind ArenaClock profile arena 100000   (and 200000: the difference / 100000)
if filter == "profile" {
    let arguments = Array(CommandLine.arguments.dropFirst(2))
    let kind = arguments.first ?? "arena"
    let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
    let pool = ChunkPool()
    let arena = RequestArena(pool: pool, configuration: MemoryConfiguration(checkGuards: kind != "unchecked"),
                             accounting: MemoryAccounting())
    let slots = UnsafeMutableBufferPointer<UnsafeMutableRawPointer?>.allocate(capacity: Workloads.blocksPerRequest)
    var sink: UInt = 0
    for _ in 0..<count {
        if kind == "malloc" {
            sink &+= Workloads.mallocRequest(into: slots)
        } else {
            sink &+= Workloads.arenaMixed(arena, count: Workloads.blocksPerRequest, owner: owner)
            arena.endRequest()
        }
    }
    print("\(kind): \(count) requests of \(Workloads.blocksPerRequest) blocks (checksum \(sink))")
    exit(0)
}
let runs = 2_000
let repeats = 7

/// Median of `repeats` samples, each the nanoseconds per block over `runs` calls of `body`.
/// `body` returns the time it wants counted (so it can leave work out) and a checksum to keep alive.
func nanosecondsPerBlock(blocksPerCall: Int, _ body: () -> (Duration, UInt)) -> Double {
    var sink: UInt = 0
    for _ in 0..<runs / 10 { sink &+= body().1 }  // warm-up
    var samples: [Double] = []
    for _ in 0..<repeats {
        var total = Duration.zero
        for _ in 0..<runs {
            let (elapsed, checksum) = body()
            total += elapsed
            sink &+= checksum
        }
        let nanoseconds = Double(total.components.seconds) * 1e9 + Double(total.components.attoseconds) / 1e9
        samples.append(nanoseconds / Double(runs * blocksPerCall))
    }
    precondition(sink != 42, "keeps the checksums alive")
    return samples.sorted()[repeats / 2]
}

func timed(_ body: () -> UInt) -> (Duration, UInt) {
    let clock = ContinuousClock()
    let start = clock.now
    let checksum = body()
    return (clock.now - start, checksum)
}

struct Workload {
    let name: String
    let blocks: Int
    let allocate: (RequestArena) -> UInt
    let mallocAndFree: () -> UInt
}

let held = UnsafeMutableBufferPointer<UnsafeMutableRawPointer?>.allocate(capacity: Workloads.blocksPerRequest)
let workloads = [
    Workload(name: "64 B x 1000, then reset", blocks: 1_000,
             allocate: { Workloads.arenaFixed($0, count: 1_000, byteCount: 64, owner: owner) },
             mallocAndFree: { Workloads.mallocFixed(count: 1_000, byteCount: 64) }),
    Workload(name: "64 B x 1000, one call each, then reset", blocks: 1_000,
             allocate: { Workloads.arenaFixedOnePerCall($0, count: 1_000, byteCount: 64, owner: owner) },
             mallocAndFree: { Workloads.mallocFixedOnePerCall(count: 1_000, byteCount: 64) }),
    Workload(name: "16-256 B x 1000, then reset", blocks: 1_000,
             allocate: { Workloads.arenaMixed($0, count: 1_000, owner: owner) },
             mallocAndFree: { Workloads.mallocMixed(count: 1_000) }),
    Workload(name: "request: 50 x 16-256 B, then reset", blocks: Workloads.blocksPerRequest,
             allocate: { Workloads.arenaMixed($0, count: Workloads.blocksPerRequest, owner: owner) },
             mallocAndFree: { Workloads.mallocRequest(into: held) }),
]

func column(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

print("ns per block (median of \(repeats))       arena alloc   + endRequest   malloc+free   ratio   pool mallocs"
      + "   no guard check   ratio")
for workload in workloads where filter.map({ workload.name.contains($0) }) ?? true {
    let pool = ChunkPool()
    let arena = RequestArena(pool: pool, accounting: MemoryAccounting())
    _ = workload.allocate(arena)
    arena.endRequest()  // the pool is warm from here on
    let chunksBefore = pool.systemAllocations

    let allocateOnly = nanosecondsPerBlock(blocksPerCall: workload.blocks) {
        let result = timed { workload.allocate(arena) }
        arena.endRequest()
        return result
    }
    let withReset = nanosecondsPerBlock(blocksPerCall: workload.blocks) {
        timed {
            let checksum = workload.allocate(arena)
            arena.endRequest()
            return checksum
        }
    }
    let mallocAndFree = nanosecondsPerBlock(blocksPerCall: workload.blocks) { timed(workload.mallocAndFree) }
    let unchecked = RequestArena(pool: pool, configuration: MemoryConfiguration(checkGuards: false),
                                 accounting: MemoryAccounting())
    let withoutGuardCheck = nanosecondsPerBlock(blocksPerCall: workload.blocks) {
        timed {
            let checksum = workload.allocate(unchecked)
            unchecked.endRequest()
            return checksum
        }
    }
    let name = workload.name + String(repeating: " ", count: max(0, 40 - workload.name.count))
    print(name + column(format(allocateOnly), 12) + column(format(withReset), 15)
        + column(format(mallocAndFree), 14) + column(format(mallocAndFree / withReset) + "x", 8)
        + column("\(pool.systemAllocations - chunksBefore)", 15)
        + column(format(withoutGuardCheck), 17) + column(format(mallocAndFree / withoutGuardCheck) + "x", 8))
}
