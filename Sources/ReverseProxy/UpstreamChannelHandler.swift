import NIOCore
import NIOHTTP1

/// The proxy's end of one upstream connection: hands response parts to the exchange in progress
/// and holds the channel's reads while body parts it handed on are not yet taken by the client
/// (`acknowledge`), so the upstream is read no faster than the client reads: at most one socket
/// read of body is in memory per proxied response.
final class UpstreamChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// The exchange whose response this connection carries now; nil while idle in the pool.
    var exchange: ProxyExchange?
    private var context: ChannelHandlerContext?
    private var unacknowledged = 0
    private var readHeld = false

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard let exchange else {
            // Bytes from an idle upstream: nothing can be waiting for them; the connection is unusable.
            context.close(promise: nil)
            return
        }
        if case .body = part { unacknowledged += 1 }
        exchange.received(part)
    }

    func read(context: ChannelHandlerContext) {
        if unacknowledged > 0 {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// The client took one body part handed on; reads go on once it took them all.
    func acknowledge() {
        guard unacknowledged > 0 else { return }
        unacknowledged -= 1
        if unacknowledged == 0 && readHeld, let context {
            readHeld = false
            context.read()
        }
    }

    /// A new exchange starts on this connection.
    func begin(_ exchange: ProxyExchange) {
        self.exchange = exchange
        resumeReading()
    }

    /// The exchange's response ended: the connection goes idle (to the pool). Parts the client
    /// has not taken yet are its business now; reads go on, so a close by the upstream is seen.
    func finishExchange() {
        exchange = nil
        resumeReading()
    }

    private func resumeReading() {
        unacknowledged = 0
        if readHeld, let context {
            readHeld = false
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange?.upstreamWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let current = exchange
        exchange = nil
        current?.connectionLost(nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let current = exchange
        exchange = nil
        current?.connectionLost(error)
        context.close(promise: nil)
    }
}
