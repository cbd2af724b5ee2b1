import NIOCore
import NIOHTTP1
import NIOHTTP2

/// Turns a connection into an HTTP/2 one: the `HTTP2Session` (the TCP connection's one pipeline
/// connection), then NIO's HTTP/2 handler with the server's limits, whose streams each get NIO's
/// HTTP/2-to-HTTP/1 codec and an `HTTP2StreamHandler`.
///
/// The protections against hostile clients are NIO's, with bounds from the configuration:
/// concurrent streams (`maxConcurrentStreams`, more are refused), the header list
/// (`maxHeaderBytes`, advertised as SETTINGS_MAX_HEADER_LIST_SIZE and enforced by the HPACK
/// decoder), CONTINUATION frames in a row (NIO's bound of 5), streams reset within a time window
/// (rapid reset), buffered control frames (PING/SETTINGS floods) and protocol glitches. NIO
/// answers them with GOAWAY; `HTTP2ConnectionErrors` then closes the connection.
enum HTTP2Setup {
    static func install(_ session: HTTP2Session, limits: HTTP2Limits, maxHeaderBytes: Int, on channel: any Channel) throws {
        let handlers = channel.pipeline.syncOperations
        try handlers.addHandler(session)
        var connection = NIOHTTP2Handler.ConnectionConfiguration()
        connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: limits.maxConcurrentStreams),
            HTTP2Setting(parameter: .maxHeaderListSize, value: maxHeaderBytes),
            HTTP2Setting(parameter: .initialWindowSize, value: limits.streamWindowBytes),
        ]
        // The connection window lets every allowed stream fill its own.
        connection.targetWindowSize = min(Int(Int32.max), limits.streamWindowBytes * limits.maxConcurrentStreams)
        var stream = NIOHTTP2Handler.StreamConfiguration()
        stream.targetWindowSize = limits.streamWindowBytes
        stream.streamResetFrameRateLimit.maximumCount = limits.maxStreamResets
        stream.streamResetFrameRateLimit.windowLength = .seconds(Int64(limits.resetWindowSeconds))
        let boundSession = NIOLoopBound(session, eventLoop: channel.eventLoop)
        _ = try handlers.configureHTTP2Pipeline(mode: .server, connectionConfiguration: connection, streamConfiguration: stream) { streamChannel in
            streamChannel.eventLoop.makeCompletedFuture {
                let streamHandlers = streamChannel.pipeline.syncOperations
                try streamHandlers.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                try streamHandlers.addHandler(HTTP2StreamHandler(session: boundSession.value))
            }
        }
        try handlers.addHandler(HTTP2ConnectionErrors(logger: session.logger))
    }
}
