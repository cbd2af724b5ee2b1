import Logging
import NIOCore
import NIOHTTP1

/// What an accepted connection gets: admission against the connection caps (total and per address),
/// then large file regions sent a slice per loop turn (`FileRegionSlicing`),
/// the READ_RAW_DATA stage when a site needs it, NIO's HTTP/1 decoder and an
/// `HTTPConnectionHandler` (which joins its loop's `IdleSweeper` for the idle checks). `HTTPServer` runs it for every accepted socket; the fuzzing seam runs
/// the same code on an `EmbeddedChannel`, so both exercise one handler stack.
struct ConnectionSetup: Sendable {
    let configuration: ServerConfiguration
    let siteProvider: SiteProvider
    let registry: ConnectionRegistry
    let logger: Logger
    let timeouts: ConnectionTimeouts
    let decoderLimits: NIOHTTPDecoderLimitConfiguration

    init(configuration: ServerConfiguration, siteProvider: @escaping SiteProvider, registry: ConnectionRegistry,
         logger: Logger) {
        self.configuration = configuration
        self.siteProvider = siteProvider
        self.registry = registry
        self.logger = logger
        self.timeouts = ConnectionTimeouts(configuration.timeouts)
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = configuration.limits.maxHeaderBytes
        limits.maxHeaderListSize = configuration.limits.maxHeaderBytes
        self.decoderLimits = limits
    }

    /// The first read of a connection gets 512 bytes, not NIO's default 2 KiB. NIO keeps each
    /// channel's last receive buffer for the next read, so every idle keep-alive connection holds one:
    /// most request heads fit in 512 bytes, and a read that fills the buffer makes the next one larger
    /// (NIO's adaptive sizing), so long heads and bodies still arrive in large reads.
    static let receiveAllocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536)

    /// Adds the handlers to `channel`; call on its event loop, with that loop's resources.
    func install(on channel: any Channel, resources loopResources: LoopResources) throws {
        let handlers = channel.pipeline.syncOperations
        try? channel.syncOptions?.setOption(.recvAllocator, value: Self.receiveAllocator)
        let tls = configuration.tls?()
        let limits = configuration.limits
        let refusal: ProtocolError? = switch registry.admit(channel, limit: limits.maxConnections,
                                                            perAddress: limits.maxConnectionsPerAddress) {
        case .admitted: nil
        case .overCap: .overloaded(limit: limits.maxConnections)
        case .overAddressCap: .addressOverloaded(limit: limits.maxConnectionsPerAddress)
        }
        if let refusal {
            let address = channel.remoteAddress?.ipAddress ?? "?"
            logger.warning("refusing a connection from \(address): \(refusal.message)")
            configuration.onProtocolAnswer?(refusal.status)
            // A TLS client cannot read a plain 503 and a handshake is what the cap saves: close.
            if tls != nil {
                channel.close(promise: nil)
                return
            }
            try handlers.addHandler(ConnectionRefusalHandler(refusal, linger: timeouts.linger, date: loopResources.date))
            return
        }
        // TLS at the socket end; the connection handler hears which certificate the client hello chose.
        let chosenSite = ChosenSite()
        if let tls {
            try TLSServerSetup.install(tls, on: channel) { chosenSite.site = $0; chosenSite.handler?.tlsSite = $0 }
        }
        let sites = siteProvider()
        let connectionHandler = HTTPConnectionHandler(
            sites: sites, resources: loopResources, limits: configuration.limits,
            timeouts: timeouts, logger: logger, onProtocolAnswer: configuration.onProtocolAnswer, secure: tls != nil)
        connectionHandler.tlsSite = chosenSite.site
        chosenSite.handler = connectionHandler
        // TLS encrypts bytes, not file regions: under it files are read into buffers, a slice at a time.
        try handlers.addHandler(FileRegionSlicing(readsIntoBuffers: tls != nil))
        if sites.pipelines.contains(where: { $0.filters?.notifications.contains(.readRawData) == true }) {
            try handlers.addHandler(RawReadFilterHandler(connectionHandler: connectionHandler))
        }
        try handlers.addHandler(ByteToMessageHandler(HTTPRequestDecoder(
            leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop,
            limitConfiguration: decoderLimits)))
        try handlers.addHandler(connectionHandler)
    }
}

/// The certificate the client hello chose, for a connection handler that may not exist yet.
private final class ChosenSite {
    var site: ListenerTLS.Site?
    weak var handler: HTTPConnectionHandler?
}
