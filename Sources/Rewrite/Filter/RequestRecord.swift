import Pipeline

/// What the filter remembers about one request from AUTH_COMPLETE until SEND_RESPONSE and LOG:
/// the forced content type (`[T]`) and the original URL and method (IIRF `[U]`).
///
/// It lives in the request arena (`AllocateRequestMemory`), so it is freed with the request and
/// never grows a keep-alive connection's memory (IIRF AllocMem'd it: workitem 32547). The
/// connection slot only keeps the request's id and the block's address, and the block is used
/// only while that request is the one in progress.
struct RequestRecord {
    let contentType: String?
    let originalPath: String?
    let originalQuery: String?
    let originalMethod: String?

    var isEmpty: Bool { contentType == nil && originalPath == nil }

    private static let header = 4 * MemoryLayout<UInt32>.size

    /// Copies the record into the request arena; nil when there is nothing to keep or no memory.
    func store(in context: HttpContext) -> UnsafeMutableRawPointer? {
        guard !isEmpty else { return nil }
        let fields = [contentType, originalPath, originalQuery, originalMethod]
        let sizes = fields.map { $0.map { $0.utf8.count + 1 } ?? 0 }
        guard let block = context.allocateRequestMemory(byteCount: Self.header + sizes.reduce(0, +)) else { return nil }
        var offset = Self.header
        for (index, field) in fields.enumerated() {
            // Length + 1, so that 0 means "absent" and 1 means "empty".
            block.storeBytes(of: UInt32(sizes[index]), toByteOffset: index * MemoryLayout<UInt32>.size, as: UInt32.self)
            guard let field else { continue }
            for byte in field.utf8 {
                block.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
                offset += 1
            }
            offset += 1
        }
        return block
    }

    static func load(from block: UnsafeMutableRawPointer) -> RequestRecord {
        var offset = header
        var fields: [String?] = []
        for index in 0..<4 {
            let size = Int(block.load(fromByteOffset: index * MemoryLayout<UInt32>.size, as: UInt32.self))
            guard size > 0 else {
                fields.append(nil)
                continue
            }
            let bytes = UnsafeRawBufferPointer(start: block + offset, count: size - 1)
            fields.append(String(decoding: bytes, as: UTF8.self))
            offset += size
        }
        return RequestRecord(contentType: fields[0], originalPath: fields[1], originalQuery: fields[2], originalMethod: fields[3])
    }
}

/// The rewrite filter's `pFilterContext` object: which request the record belongs to. One per
/// connection, reused by every request on it.
final class ConnectionSlot {
    var requestID: UInt64 = .max
    var record: UnsafeMutableRawPointer?

    func record(for context: HttpContext?) -> RequestRecord? {
        guard let context, context.requestID == requestID, let record else { return nil }
        return RequestRecord.load(from: record)
    }
}
