import NIOCore

/// Learns which cipher suite a connection negotiated by reading the server's ServerHello on its
/// way to the socket: swift-nio-ssl does not tell, and the ServerHello travels unencrypted in
/// TLS 1.2 and 1.3 alike. `HTTPS_KEYSIZE` is the suite's symmetric key size. Socket-most
/// handler of a TLS connection; once it has read the hello (or seen that the first record is not
/// one) it only passes writes on.
final class ServerHelloObserver: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Reading: Equatable {
        case found(UInt16)
        case needMore
        case notAServerHello
    }

    /// The suite's IANA number, once the ServerHello went out.
    private(set) var suite: UInt16?
    private var seen: ByteBuffer?
    private var done = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !done { observe(unwrapOutboundIn(data)) }
        context.write(data, promise: promise)
    }

    private func observe(_ buffer: ByteBuffer) {
        var bytes = buffer
        if var earlier = seen {
            earlier.writeImmutableBuffer(buffer)
            bytes = earlier
        }
        switch Self.read(bytes) {
        case .found(let id):
            suite = id
            done = true
            seen = nil
        case .notAServerHello:
            done = true
            seen = nil
        case .needMore:
            // A ServerHello is well under 1 KiB; give up past a record's size.
            if bytes.readableBytes > 16 << 10 {
                done = true
                seen = nil
            } else {
                seen = bytes
            }
        }
    }

    /// The cipher suite in a TLS record holding a ServerHello: record header (type 22), handshake
    /// header (type 2), version, 32 random bytes, session id, then the suite.
    static func read(_ bytes: ByteBuffer) -> Reading {
        let view = bytes.readableBytesView
        func byte(_ offset: Int) -> UInt8? { offset < view.count ? view[view.startIndex + offset] : nil }
        guard let recordType = byte(0) else { return .needMore }
        guard recordType == 22 else { return .notAServerHello }
        guard let handshakeType = byte(5) else { return .needMore }
        guard handshakeType == 2 else { return .notAServerHello }
        guard let sessionIDLength = byte(43) else { return .needMore }
        let at = 44 + Int(sessionIDLength)
        guard let high = byte(at), let low = byte(at + 1) else { return .needMore }
        return .found(UInt16(high) << 8 | UInt16(low))
    }

    /// Bits of the symmetric key of the suites a listener allows (`ListenerTLS`); nil for others.
    static func keyBits(ofSuite id: UInt16) -> Int? {
        switch id {
        case 0x1301, 0xC02B, 0xC02F: 128  // AES-128-GCM (TLS 1.3; ECDHE-ECDSA, ECDHE-RSA)
        case 0x1302, 0xC02C, 0xC030: 256  // AES-256-GCM
        case 0x1303, 0xCCA8, 0xCCA9: 256  // ChaCha20-Poly1305
        default: nil
        }
    }
}
