import NIOCore

/// Answers a connection over the server's cap (or its address's) with a 503 and closes it, without reading the
/// request: output is shut after the response, input discarded until the client closes or
/// `linger` passes (so the client sees the 503 rather than a reset).
final class ConnectionRefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let error: ProtocolError
    private let linger: TimeAmount
    private let date: HTTPDateCache
    private var answered = false

    init(_ error: ProtocolError, linger: TimeAmount, date: HTTPDateCache) {
        self.error = error
        self.linger = linger
        self.date = date
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        answer(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        var buffer = context.channel.allocator.buffer(capacity: 256)
        error.write(date: date.current, into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        let shutdown = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: shutdown)
        shutdown.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
        context.eventLoop.assumeIsolated().scheduleTask(in: linger) { context.close(promise: nil) }
    }
}
