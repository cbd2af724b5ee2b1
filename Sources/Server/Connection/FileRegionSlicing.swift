#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Sends a large `FileRegion` one slice per event loop turn. A single `sendfile` to a client that
/// reads as fast as loopback allows moves 10–20 MB and takes milliseconds, and NIO retries a
/// partial write up to 16 more times in the same turn: a 1 GiB download held the loop for tens of
/// milliseconds at a time, and every other connection on it waited (issue 13). Here a region larger
/// than `largestWhole` goes to the socket `sliceBytes` at a time; the next slice is written in a
/// later loop turn, after the loop polled its sockets, once the previous one is taken. Writes, flushes and an output close that arrive
/// meanwhile wait behind the region, in order. The region's own promise completes when its last
/// byte is written, so the connection's accounting (one file in flight) is unchanged.
///
/// Under TLS (`readsIntoBuffers`), which encrypts bytes and cannot `sendfile`, every region is
/// sliced and each slice is read (`pread`, on the loop: the file is open already and usually in the
/// page cache) into a buffer, so a download holds one slice in memory, not the file.
///
/// First in the pipeline (next to the socket, or to TLS).
final class FileRegionSlicing: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// Regions up to this size go to the socket whole (one `sendfile` of at most about 0.5 ms).
    static let largestWhole = 1 << 20
    /// Larger ones go at most this many bytes a loop turn (well under 0.1 ms of copying on loopback;
    /// with 1 MiB slices `/hello` beside a download waited 2.3 ms at p50, with 256 KiB 0.26 ms).
    static let sliceBytes = 256 << 10
    /// The wait before the next slice: long enough that the loop's current turn ends first and it
    /// polls (it is idle for this long only when nothing else is going on), short against the
    /// 0.1-0.5 ms a slice takes.
    static let pause = TimeAmount.microseconds(50)

    private enum State {
        case passing
        /// What is left of a region being sliced, and the promise of the whole region.
        case slicing(FileRegion, EventLoopPromise<Void>?)
    }

    /// Write slices as bytes read from the file instead of file regions.
    let readsIntoBuffers: Bool

    init(readsIntoBuffers: Bool = false) {
        self.readsIntoBuffers = readsIntoBuffers
    }

    private var state = State.passing
    /// Writes that arrived while a region is being sliced.
    private var waiting: [(IOData, EventLoopPromise<Void>?)] = []
    /// A `close(mode: .output)` that arrived while a region is being sliced.
    private var waitingClose: EventLoopPromise<Void>??

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let data = unwrapOutboundIn(data)
        if case .slicing = state {
            waiting.append((data, promise))
            return
        }
        send(data, promise: promise, context: context)
    }

    /// Flushes what was passed on (the current slice among it); what waits is flushed once written.
    func flush(context: ChannelHandlerContext) {
        context.flush()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .output, case .slicing = state {
            waitingClose = .some(promise)
            return
        }
        context.close(mode: mode, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(ChannelError.ioOnClosedChannel)
    }

    private func send(_ data: IOData, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        if case .fileRegion(let region) = data, region.readableBytes > Self.largestWhole || readsIntoBuffers {
            state = .slicing(region, promise)
            writeSlice(context: context)
        } else {
            context.write(wrapOutboundOut(data), promise: promise)
        }
    }

    private func writeSlice(context: ChannelHandlerContext) {
        guard case .slicing(var region, let promise) = state else { return }
        let end = min(region.endIndex, region.readerIndex + Self.sliceBytes)
        let slice = FileRegion(fileHandle: region.fileHandle, readerIndex: region.readerIndex, endIndex: end)
        region.moveReaderIndex(forwardBy: end - region.readerIndex)
        state = .slicing(region, promise)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenComplete { [self] result in
            switch result {
            case .failure(let error):
                failAll(error)
            case .success:
                guard case .slicing(let rest, let promise) = state else { return }
                if rest.readableBytes > 0 {
                    // The next slice after the loop has polled its sockets: the connections this one
                    // kept waiting go first. Not `execute`: NIO runs tasks submitted while it runs
                    // tasks in the same turn, without polling in between.
                    _ = context.eventLoop.assumeIsolated().scheduleTask(in: Self.pause) { [self] in
                        writeSlice(context: context)
                        context.flush()
                    }
                    return
                }
                state = .passing
                promise?.succeed()
                sendWaiting(context: context)
            }
        }
        guard readsIntoBuffers else {
            context.write(wrapOutboundOut(.fileRegion(slice)), promise: written)
            return
        }
        do {
            context.write(wrapOutboundOut(.byteBuffer(try Self.read(slice, allocator: context.channel.allocator))), promise: written)
        } catch {
            failAll(error)
            context.close(promise: nil)
        }
    }

    /// The bytes of `slice`; a file that became shorter is an error (the response cannot be completed).
    static func read(_ slice: FileRegion, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let count = slice.readableBytes
        var buffer = allocator.buffer(capacity: count)
        try slice.fileHandle.withUnsafeFileDescriptor { descriptor in
            var offset = slice.readerIndex
            while buffer.readableBytes < count {
                let wanted = count - buffer.readableBytes
                var failure: Int32 = 0
                let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { space in
                    let read = pread(descriptor, space.baseAddress, wanted, off_t(offset))
                    if read < 0 { failure = errno }
                    return max(read, 0)
                }
                if failure == EINTR { continue }
                guard got > 0 else { throw IOError(errnoCode: failure != 0 ? failure : EIO, reason: "pread") }
                offset += got
            }
        }
        return buffer
    }

    /// What waited behind a finished region, in order, until the next large region starts.
    private func sendWaiting(context: ChannelHandlerContext) {
        while !waiting.isEmpty, case .passing = state {
            let (data, promise) = waiting.removeFirst()
            send(data, promise: promise, context: context)
        }
        context.flush()
        if case .passing = state, let close = waitingClose {
            waitingClose = nil
            context.close(mode: .output, promise: close)
        }
    }

    private func failAll(_ error: any Error) {
        if case .slicing(_, let promise) = state { promise?.fail(error) }
        state = .passing
        let waited = waiting
        waiting.removeAll()
        for (_, promise) in waited { promise?.fail(error) }
        if let close = waitingClose {
            waitingClose = nil
            close?.fail(error)
        }
    }
}
