#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A cache of equally sized chunks for the arenas of one event loop.
///
/// Arenas take chunks from here and give them back when their scope ends, so a steady stream of
/// requests reuses the same memory and calls `malloc` only while the pool is warming up.
/// Not thread-safe by design: a pool belongs to exactly one event loop (DESIGN.md section 2).
public final class ChunkPool {
    public let chunkSize: Int
    public let limit: Int
    // Unchecked exclusivity: see `Arena`; a pool is confined to one event loop just the same.
    @exclusivity(unchecked) private var free: [UnsafeMutableRawPointer] = []
    /// Chunks obtained from the system over the pool's life (a test reads this to prove reuse).
    @exclusivity(unchecked) public private(set) var systemAllocations = 0

    public init(configuration: MemoryConfiguration = .default) {
        self.chunkSize = configuration.chunkSize
        self.limit = configuration.pooledChunkLimit
        free.reserveCapacity(min(limit, 64))
    }

    /// A chunk of `chunkSize` bytes, 16-byte aligned.
    public func take() -> UnsafeMutableRawPointer {
        if let chunk = free.popLast() { return chunk }
        systemAllocations += 1
        return UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: BlockLayout.alignment)
    }

    public func give(_ chunk: UnsafeMutableRawPointer) {
        if free.count < limit {
            free.append(chunk)
        } else {
            chunk.deallocate()
        }
    }

    public var freeChunks: Int { free.count }

    deinit {
        for chunk in free { chunk.deallocate() }
    }
}
