#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Memory

/// The allocation patterns measured, each written once for the arena and once for malloc/free so the
/// two sides do exactly the same work around the allocation itself: touch the first byte of the block
/// (a caller uses its memory) and fold its address into a checksum the benchmark hands to `blackHole`,
/// which keeps the optimizer from deleting a malloc/free pair whose pointer never escapes.
public enum Workloads {
    /// 64 sizes spread over 16...256 bytes in a fixed order (no randomness in the timed loop).
    nonisolated(unsafe) public static let mixedSizes: UnsafeBufferPointer<Int> = {
        let buffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: 64)
        var state: UInt32 = 0x9E37_79B9
        for index in buffer.indices {
            state = state &* 1_664_525 &+ 1_013_904_223
            buffer[index] = 16 + Int(state >> 8) % 241
        }
        return UnsafeBufferPointer(buffer)
    }()

    /// Blocks one request makes in the "whole request" workload.
    public static let blocksPerRequest = 50

    @inline(__always)
    static func use(_ block: UnsafeMutableRawPointer, _ checksum: inout UInt) {
        block.storeBytes(of: 1, as: UInt8.self)
        checksum &+= UInt(bitPattern: block)
    }

    // MARK: Arena

    /// `count` blocks of `byteCount` bytes. The caller ends the request (or times that separately).
    public static func arenaFixed(_ arena: RequestArena, count: Int, byteCount: Int, owner: AllocationOwner) -> UInt {
        var checksum: UInt = 0
        for _ in 0..<count {
            use(arena.allocate(byteCount: byteCount, owner: owner).unsafelyUnwrapped, &checksum)
        }
        return checksum
    }

    /// Like `arenaFixed`, but each block comes from its own call, as when a filter calls AllocMem:
    /// nothing about the arena can be hoisted out of a loop.
    public static func arenaFixedOnePerCall(_ arena: RequestArena, count: Int, byteCount: Int, owner: AllocationOwner) -> UInt {
        var checksum: UInt = 0
        for _ in 0..<count {
            use(allocateOne(arena, byteCount: byteCount, owner: owner), &checksum)
        }
        return checksum
    }

    @inline(never)
    static func allocateOne(_ arena: RequestArena, byteCount: Int, owner: AllocationOwner) -> UnsafeMutableRawPointer {
        arena.allocate(byteCount: byteCount, owner: owner).unsafelyUnwrapped
    }

    /// `count` blocks cycling through `mixedSizes`. The caller ends the request.
    public static func arenaMixed(_ arena: RequestArena, count: Int, owner: AllocationOwner) -> UInt {
        let sizes = mixedSizes
        var checksum: UInt = 0
        for index in 0..<count {
            let byteCount = sizes[index & 63]
            use(arena.allocate(byteCount: byteCount, owner: owner).unsafelyUnwrapped, &checksum)
        }
        return checksum
    }

    // MARK: malloc/free

    /// `count` times: malloc, use, free.
    public static func mallocFixed(count: Int, byteCount: Int) -> UInt {
        var checksum: UInt = 0
        for _ in 0..<count {
            let block = malloc(byteCount).unsafelyUnwrapped
            use(block, &checksum)
            free(block)
        }
        return checksum
    }

    /// Like `mallocFixed`, with malloc behind its own call too.
    public static func mallocFixedOnePerCall(count: Int, byteCount: Int) -> UInt {
        var checksum: UInt = 0
        for _ in 0..<count {
            let block = mallocOne(byteCount: byteCount)
            use(block, &checksum)
            free(block)
        }
        return checksum
    }

    @inline(never)
    static func mallocOne(byteCount: Int) -> UnsafeMutableRawPointer {
        malloc(byteCount).unsafelyUnwrapped
    }

    /// `count` times: malloc a size from `mixedSizes`, use, free.
    public static func mallocMixed(count: Int) -> UInt {
        let sizes = mixedSizes
        var checksum: UInt = 0
        for index in 0..<count {
            let block = malloc(sizes[index & 63]).unsafelyUnwrapped
            use(block, &checksum)
            free(block)
        }
        return checksum
    }

    /// A request's worth held at once: `blocks.count` mallocs, then as many frees.
    public static func mallocRequest(into blocks: UnsafeMutableBufferPointer<UnsafeMutableRawPointer?>) -> UInt {
        let sizes = mixedSizes
        var checksum: UInt = 0
        for index in blocks.indices {
            let block = malloc(sizes[index & 63]).unsafelyUnwrapped
            use(block, &checksum)
            blocks[index] = block
        }
        for index in blocks.indices { free(blocks[index]) }
        return checksum
    }
}
