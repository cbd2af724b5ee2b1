import NIOCore
import Pipeline

/// The response being written on one connection: its framing, and its encoded bytes until the
/// connection hands them to the channel.
struct OutgoingResponse {
    /// Encoded bytes not yet written to the channel.
    var bytes: ByteBuffer
    private(set) var framing: BodyFraming = .none
    /// The keep-alive decision announced in the head.
    private(set) var announcedKeepAlive = true
    private var suppressBody = false
    private var bodyBytesSent = 0
    private var sendingFile = false
    /// A head (or raw bytes) of the current response went out.
    private var started = false

    /// What a response's buffer starts with: a head and a small body.
    static let startCapacity = 1024
    /// The largest body whose room `start` reserves with the head: the size at which the connection
    /// writes buffered body bytes out (a file body, sent with `sendfile`, is usually larger).
    static let largestReservedBody = 64 * 1024

    init(bytes: ByteBuffer) { self.bytes = bytes }

    mutating func start(_ head: ResponseHead, framing: BodyFraming, keepAlive: Bool, date: String) {
        self.framing = framing
        started = true
        suppressBody = head.isHead || framing == .none
        bodyBytesSent = 0
        announcedKeepAlive = keepAlive
        let layout = HeadLayout(head, framing: framing, keepAlive: keepAlive, date: date)
        // Room for the head and a small body in one allocation (the buffer is empty between
        // responses); a body of known length up to `largestReservedBody` gets its room too, where
        // growing the buffer for it cost a reallocation (1,000 instructions for a 1,800-byte file).
        if bytes.capacity == 0 {
            var body = 0
            if !suppressBody, case .length(let length) = framing, length <= Self.largestReservedBody { body = length }
            bytes.reserveCapacity(max(Self.startCapacity, layout.size + body))
        }
        bytes.writeWithUnsafeMutableBytes(minimumWritableBytes: layout.size) { raw in
            layout.write(into: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }

    mutating func writeBody(_ chunk: [UInt8]) {
        guard !suppressBody else { return }
        switch framing {
        case .chunked:
            guard !chunk.isEmpty else { return }
            bytes.writeBytes(HTTPResponseSerializer.chunkHeader(chunk.count))
            bytes.writeBytes(chunk)
            bytes.writeStaticString("\r\n")
        case .length(let length):
            // Never more than announced: extra bytes would be read as the next response.
            let room = length - bodyBytesSent
            if chunk.count <= room { bytes.writeBytes(chunk) } else if room > 0 { bytes.writeBytes(chunk[..<room]) }
        case .untilClose, .none, .byWriter:
            bytes.writeBytes(chunk)
        }
        bodyBytesSent += chunk.count
    }

    /// Accounts for `length` body bytes about to be sent from a file, writing the framing before
    /// them; returns how many to send (0 for HEAD, never past the announced Content-Length).
    /// `endFileBody()` follows once they are written.
    mutating func startFileBody(length: Int) -> Int {
        guard !suppressBody, length > 0 else { return 0 }
        var count = length
        switch framing {
        case .chunked:
            bytes.writeBytes(HTTPResponseSerializer.chunkHeader(length))
        case .length(let announced):
            count = min(length, max(0, announced - bodyBytesSent))
        case .untilClose, .none, .byWriter:
            break
        }
        bodyBytesSent += count
        sendingFile = count > 0
        return count
    }

    /// The framing after a file part (a chunk's closing CRLF).
    mutating func endFileBody() {
        if sendingFile, framing == .chunked { bytes.writeStaticString("\r\n") }
        sendingFile = false
    }

    /// Bytes a filter framed itself (WriteClient, SEND_RESPONSE_HEADER, SEND_RAW_DATA output).
    /// A response that starts this way gets no framing from us: the filter owns it.
    mutating func writeRaw(_ chunk: [UInt8]) {
        if !started {
            started = true
            framing = .none
            suppressBody = true
            announcedKeepAlive = true
        }
        bytes.writeBytes(chunk)
    }

    /// Ends the message. `reusable` is false when the client can find its end only by the
    /// connection closing: a close-delimited body, or one `missing` bytes short of its Content-Length.
    mutating func finish() -> (reusable: Bool, missing: Int) {
        started = false
        guard !suppressBody else { return (true, 0) }
        switch framing {
        case .chunked:
            bytes.writeBytes(HTTPResponseSerializer.lastChunk)
            return (true, 0)
        case .length(let length):
            let missing = max(0, length - bodyBytesSent)
            return (missing == 0, missing)
        case .untilClose:
            return (false, 0)
        case .none, .byWriter:
            return (true, 0)
        }
    }
}
