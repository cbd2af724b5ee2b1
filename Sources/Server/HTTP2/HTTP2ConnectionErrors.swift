import Logging
import NIOCore
import NIOHTTP2

/// The tail of an HTTP/2 connection's pipeline: closes the connection after NIO's HTTP/2 handler
/// answered a connection error of a misbehaving client with GOAWAY.
///
/// NIO sends the GOAWAY and reports the error, but leaves the TCP connection open; without this a
/// client that was told to go away (rapid reset, a CONTINUATION or control-frame flood, a header
/// block over the limit, more streams at once than it acknowledged, bytes that are not HTTP/2) could
/// hold the connection until the idle timeout.
/// Stream errors (one stream reset, the connection going on) are only logged at debug level.
final class HTTP2ConnectionErrors: ChannelInboundHandler {
    typealias InboundIn = Never

    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let reason = Self.connectionEndingReason(error) else {
            logger.debug("HTTP/2 stream error: \(error)")
            return
        }
        let peer = context.channel.remoteAddress?.ipAddress ?? "?"
        logger.info("closing the HTTP/2 connection from \(peer): \(reason)")
        context.close(promise: nil)
    }

    /// Why the connection ends, for the errors NIO answers with a connection-level GOAWAY (its
    /// denial-of-service heuristics and input it cannot parse); nil for the others.
    static func connectionEndingReason(_ error: any Error) -> String? {
        switch error {
        case is NIOHTTP2Errors.ExcessiveRSTFrames: "too many streams reset (rapid reset)"
        case is NIOHTTP2Errors.ExcessiveControlFrames: "too many control frames (PING/SETTINGS flood)"
        case is NIOHTTP2Errors.ExcessiveEmptyDataFrames: "too many empty DATA frames"
        case is NIOHTTP2Errors.ExcessiveStreamErrors, is NIOHTTP2Errors.ExcessiveNumberOfGlitches: "too many protocol errors"
        case is NIOHTTP2Errors.ExcessiveContinuationFrames: "too many CONTINUATION frames"
        case is NIOHTTP2Errors.ExcessivelyLargeHeaderBlock: "a header block over the limit"
        case is NIOHTTP2Errors.ExcessiveOutboundFrameBuffering: "the client does not read its control frames"
        case is NIOHTTP2Errors.MaxStreamsViolation: "more streams at once than the server's SETTINGS allow"
        case is NIOHTTP2Errors.BadClientMagic, is NIOHTTP2Errors.UnableToParseFrame: "input that is not HTTP/2 (\(error))"
        default: nil
        }
    }
}
