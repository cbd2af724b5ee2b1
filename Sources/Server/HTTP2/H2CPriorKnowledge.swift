import NIOCore

/// HTTP/2 over cleartext with prior knowledge (RFC 9113 section 3.3): on an http listener that
/// offers HTTP/2, a connection whose first bytes are the HTTP/2 client preface switches to
/// HTTP/2 (`switchToHTTP2`); any other first bytes go on to the HTTP/1.1 handlers, untouched. The
/// `Upgrade: h2c` dance of HTTP/1.1 (removed from RFC 9113) is not offered.
///
/// Sits before the HTTP/1.1 decoder and leaves once it has decided: it holds at most the 24
/// bytes of a preface still arriving.
final class H2CPriorKnowledge: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let preface: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    enum Verdict: Equatable {
        case http2
        case http1
        case undecided
    }

    /// What the bytes read so far say.
    static func verdict(_ bytes: ByteBufferView) -> Verdict {
        let count = min(bytes.count, preface.count)
        guard bytes.prefix(count).elementsEqual(preface.prefix(count)) else { return .http1 }
        return count == preface.count ? .http2 : .undecided
    }

    /// Replaces the HTTP/1.1 handlers after this one with HTTP/2 ones; the future completes once
    /// they are gone (NIO's decoder leaves the pipeline a loop turn later).
    private let switchToHTTP2: (ChannelHandlerContext) throws -> EventLoopFuture<Void>
    private var seen: ByteBuffer?
    /// Switching: what arrives meanwhile waits here, for the HTTP/2 handler.
    private var switching = false

    init(switchToHTTP2: @escaping (ChannelHandlerContext) throws -> EventLoopFuture<Void>) {
        self.switchToHTTP2 = switchToHTTP2
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if var earlier = seen {
            earlier.writeBuffer(&buffer)
            buffer = earlier
            seen = nil
        }
        if switching {
            seen = buffer
            return
        }
        switch Self.verdict(buffer.readableBytesView) {
        case .undecided:
            seen = buffer
        case .http2:
            switching = true
            seen = buffer
            do {
                try switchToHTTP2(context).assumeIsolated().whenComplete { [self] _ in
                    if let bytes = seen {
                        seen = nil
                        context.fireChannelRead(wrapInboundOut(bytes))
                        context.fireChannelReadComplete()
                    }
                    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                }
            } catch {
                context.close(promise: nil)
            }
        case .http1:
            context.fireChannelRead(wrapInboundOut(buffer))
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // While switching, the HTTP/1.1 handlers hear nothing more.
        if !switching { context.fireChannelReadComplete() }
    }
}

/// h2c: the preface check removes the HTTP/1.1 connection handler after it took its connection.
extension HTTPConnectionHandler: RemovableChannelHandler {}
