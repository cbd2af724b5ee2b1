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

    /// A file body part goes out as a `FileRegion` (`sendfile`): no byte of it is held in memory,
    /// and the channel counts it as unsent until the client took it (back-pressure). Further
    /// requests wait until the socket took it whole, so a connection holds one open file.
    /// A small file given by path only is read at once instead: a request for it need not wait for
    /// the one before. A file the cache holds open (`file.opened`) is sent from that descriptor,
    /// whatever its size: nothing is opened or read on the event loop.
    func writeFile(_ file: ResponseFile) {
        guard !lifecycle.isClosing, let context else { return }
        if file.opened == nil, file.length <= ResponseFile.chunkSize {
            file.readChunks { writeBody($0) }
            return
        }
        let handle: NIOFileHandle
        if let opened = file.opened {
            // Borrowed: the cache owns the descriptor; `opened` stays alive until the region is sent.
            handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: opened.descriptor)
        } else if let byPath = try? NIOFileHandle(_deprecatedPath: file.path) {
            handle = byPath
        } else {
            logger.warning("the file '\(file.path)' could not be opened to send it; the response ends short")
            return
        }
        let release = { [opened = file.opened] in
            if let opened {
                withExtendedLifetime(opened) { _ = try? handle.takeDescriptorOwnership() }
            } else {
                try? handle.close()
            }
        }
        // A file that shrank since the module looked sends what is left; the response then ends
        // short of its Content-Length and the connection closes.
        let available = (try? handle.withUnsafeFileDescriptor { FileSize.of(descriptor: $0) }) ?? 0
        let count = outgoing.startFileBody(length: min(file.length, max(0, available - file.offset)))
        guard count > 0 else {
            release()
            return
        }
        // Corked before the head reaches the socket: head and file share segments (SocketCork).
        SocketCork.set(true, on: context.channel)
        writeOutgoing()
        let region = FileRegion(fileHandle: handle, readerIndex: file.offset, endIndex: file.offset + count)
        let written = context.eventLoop.makePromise(of: Void.self)
        lifecycle.fileStarted()
        written.futureResult.assumeIsolated().whenComplete { [self] _ in
            SocketCork.set(false, on: context.channel)
            release()
            lifecycle.fileSent()
            scheduleRelease()
        }
        context.write(NIOAny(IOData.fileRegion(region)), promise: written)
        unflushed = true
        outgoing.endFileBody()
        if !inRead { scheduleFlush() }
    }

    /// Unsent bytes crossed the bound (`ServerLimits.maxUnsentResponseBytes`), up or down.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            lifecycle.outputDrained()
            if let resume = canTakeMoreWaiter {
                canTakeMoreWaiter = nil
                context.eventLoop.assumeIsolated().execute(resume)
            }
            scheduleRelease()
        } else {
            lifecycle.outputOverBound()
        }
        context.fireChannelWritabilityChanged()
    }

    /// Whether the pipeline may produce more output now: not while the unsent bytes are over the
    /// bound, nor while closing (the connection's `close()` then ends the paused response).
    var canTakeMore: Bool {
        guard let context, !lifecycle.isClosing else { return false }
        return context.channel.isWritable
    }

    func whenCanTakeMore(_ resume: @escaping () -> Void) {
        canTakeMoreWaiter = resume
    }

    /// Releases held requests on the next loop turn, not inside the write that drained the output:
    /// dispatching runs the pipeline.
    func scheduleRelease() {
        guard let context else { return }
        context.eventLoop.assumeIsolated().execute { [self] in releaseHeldRequests() }
    }

    /// Requests held while the client was not taking responses go to the pipeline, oldest first,
    /// as long as it keeps up; then reading resumes.
    func releaseHeldRequests() {
        guard let context else { return }
        while !held.isEmpty, lifecycle.releaseHeld() {
            dispatch(held.removeFirst())
        }
        if lifecycle.takeReadAfterDrain() { context.read() }
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
        // The pipeline decided it when it built the head (its own 400 says false); the request's
        // state is not read here: a parked connection's pool thread may be changing it.
        let wanted = head.keepAlive
        return lifecycle.announcesKeepAlive(requestWantsIt: wanted, endOfMessageCloses: framing.endsWithClose && !head.isHead)
    }

    /// After each completed request: the pipeline stops serving a connection whose response was
    /// sent as keep-alive but whose completion decided otherwise (a cap reached while logging).
    func requestCompleted(_ completed: HttpContext) {
        guard let connection, !lifecycle.isClosing else { return }
        if !completed.request.wantsKeepAlive || completed.response.needsDisconnect || connection.closeAfterCurrentResponse {
            held.removeAll()
            if lifecycle.abandon() { closeAfterWriting() }
        }
    }

    // MARK: Writing

    func writeOutgoing() {
        guard outgoing.bytes.readableBytes > 0, let context else { return }
        context.write(wrapOutboundOut(outgoing.bytes), promise: nil)
        // Not `clear()`: the channel still holds the written bytes, so clearing would copy them into
        // a new buffer that an idle keep-alive connection then keeps. The next response allocates.
        outgoing.bytes = ByteBuffer()
        unflushed = true
    }

    func flushNow() {
        writeOutgoing()
        guard unflushed, let context else { return }
        unflushed = false
        context.flush()
    }

    /// Writes go out at the end of this loop turn, with the other connections' (`FlushBatch`):
    /// those made in a read (from `channelReadComplete`) and those made outside one (a PENDING
    /// request resuming, a pooled request's writes coming back).
    func scheduleFlush() {
        guard !flushScheduled, context != nil else { return }
        flushScheduled = true
        resources.flushes.add(self)
    }

    func flushBatched() {
        flushScheduled = false
        flushNow()
    }

    /// Sends what is buffered, then closes: output first (so the client reads the response even if
    /// it is still sending), the rest when the client closes or `linger` passes.
    func closeAfterWriting() {
        guard let context, lifecycle.startClosing() else { return }
        held.removeAll()
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
