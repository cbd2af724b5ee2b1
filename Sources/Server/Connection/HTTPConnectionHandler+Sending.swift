import Logging
import NIOCore
import NIOHTTP1
import Pipeline

/// The sending half of `HTTPConnectionHandler`: the pipeline connection's `ResponseSink`
/// (heads, bodies, raw filter bytes, READ_RAW_DATA) and the writes, flushes and closing.
extension HTTPConnectionHandler {
    // MARK: ResponseSink

    func writeHead(_ head: ResponseHead) {
        guard !lifecycle.isClosing, context != nil else { return }
        let framing = BodyFraming(for: head)
        outgoing.start(head, framing: framing, keepAlive: predictKeepAlive(head, framing),
                       date: resources.date.current)
        if !inRead { scheduleFlush() }
    }

    func requestRejected(status: Int) {
        onProtocolAnswer?(status)
    }

    func writeBody(_ bytes: [UInt8]) {
        guard !lifecycle.isClosing, context != nil else { return }
        outgoing.writeBody(bytes)
        if outgoing.bytes.readableBytes >= 64 * 1024 { writeOutgoing() }
        if !inRead { scheduleFlush() }
    }

    func writeRaw(_ bytes: [UInt8]) {
        guard !lifecycle.isClosing, context != nil else { return }
        outgoing.writeRaw(bytes)
        if outgoing.bytes.readableBytes >= 64 * 1024 { writeOutgoing() }
        if !inRead { scheduleFlush() }
    }

    /// READ_RAW_DATA: the filters see each block read from the socket before the HTTP parser does.
    /// Returns what the parser gets (nil: nothing now).
    func filterIncoming(_ buffer: ByteBuffer) -> ByteBuffer? {
        if connection == nil, !ended, lifecycle.acceptsRequests, case .byHost(let routing) = sites, let context {
            heldHead.append(contentsOf: buffer.readableBytesView)
            guard case .complete(let host) = FirstRequestHead.scan(heldHead, limit: limits.maxHeaderBytes) else { return nil }
            open(context, pipeline: routing.pipeline(forHost: host))
            let held = heldHead
            heldHead = []
            return filterIncoming(bytes: held)
        }
        return filterIncoming(bytes: Array(buffer.readableBytesView), passThrough: buffer)
    }

    func filterIncoming(bytes incoming: [UInt8], passThrough: ByteBuffer? = nil) -> ByteBuffer? {
        guard let connection, lifecycle.acceptsRequests else {
            if let passThrough { return passThrough }
            guard let context, !incoming.isEmpty else { return nil }
            return context.channel.allocator.buffer(bytes: incoming)
        }
        switch connection.filterIncoming(incoming) {
        case .parse(let bytes):
            guard !bytes.isEmpty, let context else { return nil }
            return context.channel.allocator.buffer(bytes: bytes)
        case .readMore:
            return nil
        case .close:
            closeAfterWriting()
            return nil
        }
    }

    func endResponse(keepAlive: Bool) {
        guard !lifecycle.isClosing, context != nil else {
            _ = lifecycle.responseEnded(keepAlive: false)
            return
        }
        let (reusable, missing) = outgoing.finish()
        if missing > 0 {
            logger.warning("a response ended \(missing) bytes short of its Content-Length; closing the connection")
        }
        switch lifecycle.responseEnded(keepAlive: keepAlive && outgoing.announcedKeepAlive && reusable) {
        case .nothing:
            return
        case .close:
            closeAfterWriting()
        case .answerAndClose(let error):
            error.write(date: resources.date.current, into: &outgoing.bytes)
            closeAfterWriting()
        case .keepOpen(let read):
            if !inRead { scheduleFlush() }
            if read, let context { context.read() }
        }
    }

    /// The keep-alive decision announced in the headers; `endResponse` may still close.
    func predictKeepAlive(_ head: ResponseHead, _ framing: BodyFraming) -> Bool {
        guard let connection, let current = connection.current else { return false }  // the pipeline's own 400
        let wanted = current.request.wantsKeepAlive && !current.response.needsDisconnect && !connection.closeAfterCurrentResponse
        return lifecycle.announcesKeepAlive(requestWantsIt: wanted, endOfMessageCloses: framing.endsWithClose && !head.isHead)
    }

    /// After each completed request: the pipeline stops serving a connection whose response was
    /// sent as keep-alive but whose completion decided otherwise (a cap reached while logging).
    func requestCompleted(_ completed: HttpContext) {
        guard let connection, !lifecycle.isClosing else { return }
        if !completed.request.wantsKeepAlive || completed.response.needsDisconnect || connection.closeAfterCurrentResponse {
            if lifecycle.abandon() { closeAfterWriting() }
        }
    }

    // MARK: Writing

    func writeOutgoing() {
        guard outgoing.bytes.readableBytes > 0, let context else { return }
        context.write(wrapOutboundOut(outgoing.bytes), promise: nil)
        outgoing.bytes.clear()
        unflushed = true
    }

    func flushNow() {
        writeOutgoing()
        guard unflushed, let context else { return }
        unflushed = false
        context.flush()
    }

    /// Writes made outside a read (a PENDING request resuming) go out at the end of this loop turn.
    func scheduleFlush() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute { [self] in
            flushScheduled = false
            flushNow()
        }
    }

    /// Sends what is buffered, then closes: output first (so the client reads the response even if
    /// it is still sending), the rest when the client closes or `linger` passes.
    func closeAfterWriting() {
        guard let context, lifecycle.startClosing() else { return }
        flushNow()
        // Out of the pipeline's call stack: closing may fire channelInactive synchronously.
        context.eventLoop.assumeIsolated().execute { [self] in linger() }
    }

    func linger() {
        guard let context, context.channel.isActive else { return }
        if lifecycle.takePendingRead() { context.read() }
        // The output closes once every queued byte is written, however long a slow client takes
        // (the idle checks still apply); the linger time counts from then.
        let outputClosed = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: outputClosed)
        outputClosed.futureResult.assumeIsolated().whenComplete { [self] result in
            guard case .success = result else {
                context.close(promise: nil)
                return
            }
            lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeouts.linger) {
                context.close(promise: nil)
            }
        }
    }
}
