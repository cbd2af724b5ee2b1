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

    init(bytes: ByteBuffer) { self.bytes = bytes }

    mutating func start(_ head: ResponseHead, framing: BodyFraming, keepAlive: Bool, date: String) {
        self.framing = framing
        suppressBody = head.isHead || framing == .none
        bodyBytesSent = 0
        announcedKeepAlive = keepAlive
        ResponseEncoding.writeHead(head, framing: framing, keepAlive: keepAlive, date: date, into: &bytes)
    }

    mutating func writeBody(_ chunk: [UInt8]) {
        guard !suppressBody else { return }
        switch framing {
        case .chunked:
            ResponseEncoding.writeChunk(chunk, into: &bytes)
        case .length(let length):
            // Never more than announced: extra bytes would be read as the next response.
            let room = length - bodyBytesSent
            if chunk.count <= room { bytes.writeBytes(chunk) } else if room > 0 { bytes.writeBytes(chunk[..<room]) }
        case .untilClose, .none:
            bytes.writeBytes(chunk)
        }
        bodyBytesSent += chunk.count
    }

    /// Ends the message. `reusable` is false when the client can find its end only by the
    /// connection closing: a close-delimited body, or one `missing` bytes short of its Content-Length.
    mutating func finish() -> (reusable: Bool, missing: Int) {
        guard !suppressBody else { return (true, 0) }
        switch framing {
        case .chunked:
            ResponseEncoding.writeLastChunk(into: &bytes)
            return (true, 0)
        case .length(let length):
            let missing = max(0, length - bodyBytesSent)
            return (missing == 0, missing)
        case .untilClose:
            return (false, 0)
        case .none:
            return (true, 0)
        }
    }
}
