import Logging

/// Bump-pointer allocation over pooled chunks, with a tail guard on every block.
///
/// The shared machinery of `RequestArena` and `ConnectionArena`; use those. An arena is confined to
/// the event loop of its connection, so nothing here locks.
///
/// The mutable state is `@exclusivity(unchecked)`: an arena is used from one event loop and never
/// hands out `inout` access to its fields, so the runtime's dynamic exclusivity checks (a
/// `swift_beginAccess` per field per call, several times the cost of the bump itself) buy nothing.
public class Arena {
    public let scope: ScopeKind
    @usableFromInline let pool: ChunkPool
    @usableFromInline let largeThreshold: Int
    let poison: Bool
    /// `MemoryConfiguration.checkGuards`: whether scope end walks the guards.
    let checksGuards: Bool
    let accounting: MemoryAccounting
    let logger: Logger

    @exclusivity(unchecked) @usableFromInline var cursor: UnsafeMutableRawPointer? = nil
    @exclusivity(unchecked) @usableFromInline var limit: UnsafeMutableRawPointer? = nil
    /// Chunks in use; the last one is the one `cursor` points into.
    @exclusivity(unchecked) var chunks: [UnsafeMutableRawPointer] = []
    /// Bytes used in each chunk but the last (records never straddle chunks).
    @exclusivity(unchecked) var chunkEnds: [Int] = []
    /// Records too large for a chunk, allocated on their own.
    @exclusivity(unchecked) var largeRecords: [UnsafeMutableRawPointer] = []

    /// The request whose allocations are being made now; stored in each block for guard reports.
    @exclusivity(unchecked) public var currentRequestID: UInt64 = 0

    /// Payload bytes and blocks currently allocated (exact).
    @exclusivity(unchecked) @usableFromInline var liveByteCount = 0
    @exclusivity(unchecked) @usableFromInline var liveBlockCount = 0
    /// The part of the live counts already published to `accounting`. Blocks are only ever added
    /// between releases, so what is unpublished is the live count minus these.
    @exclusivity(unchecked) var publishedBytes = 0
    @exclusivity(unchecked) var publishedBlocks = 0

    init(scope: ScopeKind, pool: ChunkPool, configuration: MemoryConfiguration,
         accounting: MemoryAccounting, logger: Logger) {
        self.scope = scope
        self.pool = pool
        self.largeThreshold = pool.chunkSize / 4
        self.poison = configuration.poisonReleasedMemory
        self.checksGuards = configuration.checkGuards
        self.accounting = accounting
        self.logger = logger
        accounting.arenaOpened(scope)
    }

    deinit {
        _ = releaseAll(checkGuards: false)
        accounting.arenaClosed(scope)
    }

    public var liveBytes: Int { liveByteCount }
    public var liveBlocks: Int { liveBlockCount }

    /// A 16-byte-aligned block of `byteCount` bytes, valid until the arena's scope ends, or `nil`
    /// when the size is not representable (over 4 GiB) or a cap refuses it.
    @inlinable
    final func bumpAllocate(byteCount: Int, owner: AllocationOwner) -> UnsafeMutableRawPointer? {
        // The unsigned compare sends negative and oversized counts to the slow path (which refuses
        // them) before any arithmetic on them: a negative count would otherwise move the cursor back.
        if UInt(bitPattern: byteCount) < UInt(bitPattern: largeThreshold), let start = cursor {
            let record = BlockLayout.recordSize(forPayload: byteCount)
            if record <= largeThreshold, record <= limit! - start {
                cursor = start + record
                liveByteCount &+= byteCount
                liveBlockCount &+= 1
                return BlockLayout.writeRecord(at: start, byteCount: byteCount, owner: owner.id, request: currentRequestID)
            }
        }
        return allocateSlowly(byteCount: byteCount, owner: owner)
    }

    @usableFromInline
    final func allocateSlowly(byteCount: Int, owner: AllocationOwner) -> UnsafeMutableRawPointer? {
        guard byteCount >= 0, byteCount <= Int(UInt32.max) else { return nil }
        let record = BlockLayout.recordSize(forPayload: byteCount)
        let start: UnsafeMutableRawPointer
        if record > largeThreshold {
            start = UnsafeMutableRawPointer.allocate(byteCount: record, alignment: BlockLayout.alignment)
            largeRecords.append(start)
        } else {
            if let chunk = chunks.last, let cursor {
                chunkEnds.append(cursor - chunk)
            } else if chunks.capacity == 0 {
                // Reserved at the first chunk, not at init: most connection arenas are never used,
                // and an idle keep-alive connection would hold the room (docs/performance.md).
                chunks.reserveCapacity(4)
                chunkEnds.reserveCapacity(4)
            }
            let chunk = pool.take()
            chunks.append(chunk)
            start = chunk
            cursor = chunk + record
            limit = chunk + pool.chunkSize
        }
        liveByteCount += byteCount
        liveBlockCount += 1
        publish()
        return BlockLayout.writeRecord(at: start, byteCount: byteCount, owner: owner.id, request: currentRequestID)
    }

    /// Pushes the counts gathered since the last publish into the process-wide accounting.
    final func publish() {
        let bytes = liveByteCount - publishedBytes
        let blocks = liveBlockCount - publishedBlocks
        accounting.publish(scope, liveBytes: bytes, liveBlocks: blocks, allocatedBytes: bytes, allocatedBlocks: blocks)
        publishedBytes = liveByteCount
        publishedBlocks = liveBlockCount
    }

    /// Every block's guard, in allocation order within each chunk.
    final func forEachRecord(_ body: (BlockLayout.Record) -> Void) {
        for (index, chunk) in chunks.enumerated() {
            let end = index < chunkEnds.count ? chunkEnds[index] : (cursor.map { $0 - chunk } ?? 0)
            var offset = 0
            while offset < end {
                let record = BlockLayout.readRecord(at: chunk + offset)
                // An overrun that reached this header can make it claim any size; stop walking the
                // chunk rather than read past its end (the overrunning block's guard reports it).
                guard record.recordSize <= end - offset else { break }
                body(record)
                offset += record.recordSize
            }
        }
        for large in largeRecords { body(BlockLayout.readRecord(at: large)) }
    }

    /// Ends the scope: checks every guard (unless told not to), reports damage, poisons if configured,
    /// and hands all memory back. O(blocks) for the guard walk, O(chunks) for the release.
    final func releaseAll(checkGuards: Bool) -> [GuardFailure] {
        var failures: [GuardFailure] = []
        if checkGuards && liveBlockCount > 0 {
            forEachRecord { record in
                if !record.guardIntact {
                    failures.append(GuardFailure(
                        scope: scope, address: UInt(bitPattern: record.payload), byteCount: record.byteCount,
                        owner: AllocationOwner(id: record.owner), requestID: record.request))
                }
            }
            for failure in failures {
                logger.error("heap corruption: \(failure)", metadata: [
                    "owner": "\(failure.owner.name)", "request": "\(failure.requestID)",
                    "address": "0x\(String(failure.address, radix: 16))", "size": "\(failure.byteCount)",
                ])
            }
            if !failures.isEmpty { accounting.guardFailed(scope, count: failures.count) }
        }
        for (index, chunk) in chunks.enumerated() {
            if poison {
                let end = index < chunkEnds.count ? chunkEnds[index] : (cursor.map { $0 - chunk } ?? 0)
                chunk.initializeMemory(as: UInt8.self, repeating: BlockLayout.poisonByte, count: end)
            }
            pool.give(chunk)
        }
        for large in largeRecords {
            if poison {
                let size = BlockLayout.readRecord(at: large).recordSize
                large.initializeMemory(as: UInt8.self, repeating: BlockLayout.poisonByte, count: size)
            }
            large.deallocate()
        }
        chunks.removeAll(keepingCapacity: true)
        chunkEnds.removeAll(keepingCapacity: true)
        largeRecords.removeAll(keepingCapacity: true)
        cursor = nil
        limit = nil
        // Withdraw what was published as live; count what was never published as allocated.
        accounting.publish(scope, liveBytes: -publishedBytes, liveBlocks: -publishedBlocks,
                           allocatedBytes: liveByteCount - publishedBytes, allocatedBlocks: liveBlockCount - publishedBlocks)
        publishedBytes = 0
        publishedBlocks = 0
        liveByteCount = 0
        liveBlockCount = 0
        return failures
    }

    /// Checks guards now without releasing anything (a diagnostic; scope end checks anyway).
    public final func damagedBlocks() -> [GuardFailure] {
        var failures: [GuardFailure] = []
        forEachRecord { record in
            if !record.guardIntact {
                failures.append(GuardFailure(
                    scope: scope, address: UInt(bitPattern: record.payload), byteCount: record.byteCount,
                    owner: AllocationOwner(id: record.owner), requestID: record.request))
            }
        }
        return failures
    }
}
