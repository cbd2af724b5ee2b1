#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import Synchronization

/// A cache of equally sized chunks for the arenas of one event loop.
///
/// Arenas take chunks from here and give them back when their scope ends, so a steady stream of
/// requests reuses the same memory and calls `malloc` only while the pool is warming up.
/// A pool belongs to one event loop (DESIGN.md section 2), but a connection parked for a pooled
/// filter or module allocates from a pool thread while the loop serves its other connections,
/// so the free list is behind a mutex. A chunk is taken once per 16 KiB of arena, not per
/// allocation: the uncontended lock costs a few nanoseconds per chunk (docs/performance.md).
public final class ChunkPool: Sendable {
    public let chunkSize: Int
    public let limit: Int
    private struct State {
        /// Chunk addresses (plain integers, so they cross into the lock without a Sendable question).
        var free: [UInt] = []
        var systemAllocations = 0
    }
    private let state: Mutex<State>

    public init(configuration: MemoryConfiguration = .default) {
        self.chunkSize = configuration.chunkSize
        self.limit = configuration.pooledChunkLimit
        var initial = State()
        initial.free.reserveCapacity(min(configuration.pooledChunkLimit, 64))
        state = Mutex(initial)
    }

    /// Chunks obtained from the system over the pool's life (a test reads this to prove reuse).
    public var systemAllocations: Int { state.withLock { $0.systemAllocations } }

    /// A chunk of `chunkSize` bytes, 16-byte aligned.
    public func take() -> UnsafeMutableRawPointer {
        let reused = state.withLock { state -> UInt? in
            if let chunk = state.free.popLast() { return chunk }
            state.systemAllocations += 1
            return nil
        }
        if let reused, let chunk = UnsafeMutableRawPointer(bitPattern: reused) { return chunk }
        return UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: BlockLayout.alignment)
    }

    public func give(_ chunk: UnsafeMutableRawPointer) {
        let limit = self.limit
        let address = UInt(bitPattern: chunk)
        let kept = state.withLock { state -> Bool in
            guard state.free.count < limit else { return false }
            state.free.append(address)
            return true
        }
        if !kept { chunk.deallocate() }
    }

    public var freeChunks: Int { state.withLock { $0.free.count } }

    deinit {
        state.withLock { state in
            for address in state.free { UnsafeMutableRawPointer(bitPattern: address)?.deallocate() }
        }
    }
}
