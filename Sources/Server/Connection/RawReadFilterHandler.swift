import NIOCore

/// Sits before the HTTP decoder when a global filter subscribed to READ_RAW_DATA: every block
/// read from the socket goes through the filters first, and the decoder parses what they leave.
final class RawReadFilterHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connectionHandler: HTTPConnectionHandler

    init(connectionHandler: HTTPConnectionHandler) {
        self.connectionHandler = connectionHandler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let filtered = connectionHandler.filterIncoming(unwrapInboundIn(data)) {
            context.fireChannelRead(wrapInboundOut(filtered))
        }
    }
}
