import Logging
import NIOCore
import NIOEmbedded
@_spi(Fuzzing) import Server

/// Runs bytes through the server's connection handlers on an `EmbeddedChannel`: one channel and
/// one `EmbeddedEventLoop` per call (timers left on a shared loop would pile up from input to
/// input), answers read and thrown away.
final class ConnectionDriver {
    private let sites: SiteSelection
    // Logging off: a fuzzer makes every warning the server has, millions of times.
    private let logger = Logger(label: "isapi-bridge.fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

    init(sites: SiteSelection) {
        self.sites = sites
    }

    /// One connection: `reads` arrive as separate socket reads, then the loop's clock moves past
    /// the linger timeout, then the client goes away. The idle and slow-client checks are not
    /// reached: NIO's `IdleStateHandler` measures with the real clock, and an embedded clock moved
    /// past the real one makes it spin until real time catches up.
    func run(reads: [ArraySlice<UInt8>]) {
        let loop = EmbeddedEventLoop()
        defer { try? loop.syncShutdownGracefully() }
        let installer = ConnectionHandlerInstaller(configuration: ServerConfiguration(eventLoopThreads: 1),
                                                   sites: sites, loop: loop, logger: logger)
        let channel = EmbeddedChannel(loop: loop)
        do {
            try installer.install(on: channel)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
            for read in reads where channel.isActive {
                try channel.writeInbound(channel.allocator.buffer(bytes: read))
                discardOutput(channel)
            }
        } catch {
            // Errors the handlers raise or the channel reports are answers, not findings.
        }
        loop.advanceTime(by: .seconds(10))
        discardOutput(channel)
        _ = try? channel.finish(acceptAlreadyClosed: true)
        loop.run()
    }

    private func discardOutput(_ channel: EmbeddedChannel) {
        while (try? channel.readOutbound(as: ByteBuffer.self)) ?? nil != nil {}
        while (try? channel.readInbound(as: ByteBuffer.self)) ?? nil != nil {}
    }
}
