/// How one block sits in arena memory:
///
///     [header: size u32 | owner u32 | request u64][payload ...][guard 8 bytes][pad to 16]
///
/// Payloads are 16-byte aligned because chunks are and every record is padded to 16.
/// The guard sits in the bytes *just past* the payload, where an off-by-one write lands.
@usableFromInline
enum BlockLayout {
    @usableFromInline static let alignment = 16
    @usableFromInline static let headerSize = 16
    @usableFromInline static let guardSize = 8
    /// 0xFD is the byte MSVC's debug heap writes in its "no man's land" guards.
    @usableFromInline static let guardPattern: UInt64 = 0xFDFD_FDFD_FDFD_FDFD
    /// Written over released memory in poison mode ("dead" in the MSVC debug heap).
    static let poisonByte: UInt8 = 0xDD

    /// Callers pass a count already known to be in 0...UInt32.max, so the sum cannot overflow and
    /// wrapping arithmetic spares the fast path three overflow checks.
    @inlinable @inline(__always)
    static func recordSize(forPayload byteCount: Int) -> Int {
        (headerSize &+ byteCount &+ guardSize &+ alignment &- 1) & ~(alignment &- 1)
    }

    /// Writes the header and guard of a record starting at `record`; returns the payload address.
    @inlinable @inline(__always)
    static func writeRecord(
        at record: UnsafeMutableRawPointer, byteCount: Int, owner: UInt32, request: UInt64
    ) -> UnsafeMutableRawPointer {
        record.storeBytes(of: UInt32(truncatingIfNeeded: byteCount), as: UInt32.self)
        record.storeBytes(of: owner, toByteOffset: 4, as: UInt32.self)
        record.storeBytes(of: request, toByteOffset: 8, as: UInt64.self)
        let payload = record + headerSize
        payload.storeBytes(of: guardPattern, toByteOffset: byteCount, as: UInt64.self)
        return payload
    }

    struct Record {
        let payload: UnsafeMutableRawPointer
        let byteCount: Int
        let owner: UInt32
        let request: UInt64
        var guardIntact: Bool {
            payload.loadUnaligned(fromByteOffset: byteCount, as: UInt64.self) == BlockLayout.guardPattern
        }
        var recordSize: Int { BlockLayout.recordSize(forPayload: byteCount) }
    }

    @inline(__always)
    static func readRecord(at record: UnsafeMutableRawPointer) -> Record {
        Record(
            payload: record + headerSize,
            byteCount: Int(record.load(as: UInt32.self)),
            owner: record.load(fromByteOffset: 4, as: UInt32.self),
            request: record.load(fromByteOffset: 8, as: UInt64.self)
        )
    }
}
