import NIOCore
import NIOHTTP1
import Pipeline

/// Request bodies that stream: on a site whose pipeline streams bodies (the reverse proxy), a
/// request with a body goes to the pipeline at its head, and its body follows through a
/// `RequestBodyStream` of `maxStreamedBodyBufferBytes`. While that is full the connection does
/// not read the socket (the client's sends block in TCP), and reads again once the consumer took
/// the bytes. The slow-body check does not count that time against the client. A connection to
/// such a site reads one buffer (at most 64 KiB) per read event instead of `maxMessagesPerRead`,
/// from its start: a read event cannot be cut short, so the one that carries a head (and the one
/// that finds the stream full) adds at most that to the stream.
extension HTTPConnectionHandler {
    /// Whether `head`'s body may stream: the site streams bodies, and the request would go to the
    /// pipeline at once (not held while the client is not taking responses, not an upgrade). A
    /// request behind others on the connection waits in the pipeline's queue meanwhile, its stream
    /// filling up to the bound.
    func mayStreamBody(of head: HTTPRequestHead) -> Bool {
        guard !lifecycle.outputBusy, lifecycle.requestsHeld == 0, !Self.isUpgrade(head) else { return false }
        return openConnection(for: head)?.pipeline.streamsRequestBodies ?? false
    }

    /// Bytes of the body in `stream`; a full stream stops reading.
    func streamed(_ bytes: [UInt8], into stream: RequestBodyStream) {
        switch stream.append(bytes) {
        case .accepted:
            break
        case .full:
            bodyStreamFull = true
            arrival.bodyPaused(at: .now())
        case .refused:
            // Request filtering's limit: the pipeline answers; nothing more is read.
            receiving = nil
            arrival.requestComplete()
            stopArrivalTimer()
            lifecycle.stopReading()
            resumeBodyReads()
        }
    }

    /// A stream for a body of `declaredLength` (nil: chunked) whose consumer wakes this handler on its loop.
    func makeBodyStream(declaredLength: Int?) -> RequestBodyStream {
        .wakingUp(self, on: context?.eventLoop, capacity: limits.maxStreamedBodyBufferBytes,
                  declaredLength: declaredLength) { $0.resumeBodyReads() }
    }

    /// A connection opened on a site that streams bodies reads one buffer per read event.
    func readOneBufferPerEvent(_ context: ChannelHandlerContext, for pipeline: RequestPipeline) {
        guard pipeline.streamsRequestBodies else { return }
        try? context.channel.syncOptions?.setOption(.maxMessagesPerRead, value: 1)
    }

    /// The consumer took what the stream held (or the body ended): reading goes on.
    func resumeBodyReads() {
        guard bodyStreamFull || bodyReadHeld else { return }
        bodyStreamFull = false
        arrival.bodyResumed(at: .now())
        guard bodyReadHeld, let context, !ended else { return }
        bodyReadHeld = false
        // Through the handler's own `read`: once the body ended the lifecycle decides again.
        read(context: context)
    }
}
