import Logging
import NIOCore
import NIOHTTP1
import NIOTLS
import Pipeline

/// What an accepted connection gets: admission against the connection caps (total and per address),
/// TLS on https listeners, then either HTTP/2 (negotiated by ALPN, or the client preface on an
/// http listener: `HTTP2Setup`) or HTTP/1.1: large file regions sent a slice per loop turn
/// (`FileRegionSlicing`), the READ_RAW_DATA stage when a site needs it, NIO's HTTP/1 decoder and an
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
        let sites = siteProvider()
        // Raw-data filters see HTTP/1.1 bytes (decrypted on https): their listeners stay HTTP/1.1.
        let offersHTTP2 = configuration.http2.enabled && !sites.pipelines.contains {
            $0.filters.map { !$0.notifications.isDisjoint(with: [.readRawData, .sendRawData]) } ?? false
        }
        guard let tls else {
            try installHTTP1(on: channel, sites: sites, resources: loopResources, tls: nil,
                             priorKnowledgeHTTP2: offersHTTP2 && configuration.http2.cleartext)
            return
        }
        // TLS at the socket end; the connection handler hears which certificate the client hello chose.
        let chosenSite = ChosenSite()
        try TLSServerSetup.install(tls, offeringHTTP2: offersHTTP2, on: channel) {
            chosenSite.site = $0
            chosenSite.handler?.tlsSite = $0
        }
        guard offersHTTP2 else {
            // The handshake completes after this: the connection handler hears of it itself.
            let handler = try installHTTP1(on: channel, sites: sites, resources: loopResources, tls: chosenSite.site, priorKnowledgeHTTP2: false)
            chosenSite.handler = handler
            return
        }
        // No connection handler watches the connection until the handshake is done: a client that
        // stalls it is closed after the idle timeout, as the HTTP/1.1 handler would close it.
        let handshakeDeadline = channel.eventLoop.assumeIsolated().scheduleTask(in: timeouts.idle) {
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in handshakeDeadline.cancel() }
        // ALPN: the handshake is complete when this runs, and the protocol known.
        try handlers.addHandler(ApplicationProtocolNegotiationHandler { result in
            handshakeDeadline.cancel()
            return channel.eventLoop.makeCompletedFuture {
                let session = chosenSite.site.flatMap { TLSServerSetup.session($0, on: channel) }
                if result == .negotiated("h2") {
                    let h2 = HTTP2Session(sites: sites, resources: loopResources, limits: configuration.limits, timeouts: timeouts,
                                          logger: logger, onProtocolAnswer: configuration.onProtocolAnswer, secure: true, tlsSession: session)
                    try HTTP2Setup.install(h2, limits: configuration.http2, maxHeaderBytes: configuration.limits.maxHeaderBytes, on: channel)
                } else {
                    try installHTTP1(on: channel, sites: sites, resources: loopResources, tls: chosenSite.site,
                                     priorKnowledgeHTTP2: false, session: session)
                }
            }
        })
    }

    /// The HTTP/1.1 handlers: file slicing, READ_RAW_DATA, NIO's decoder and the connection handler;
    /// on an http listener that offers HTTP/2, the preface check before them.
    @discardableResult
    private func installHTTP1(on channel: any Channel, sites: SiteSelection, resources loopResources: LoopResources,
                              tls site: ListenerTLS.Site?, priorKnowledgeHTTP2: Bool, session: TLSSessionInfo? = nil) throws -> HTTPConnectionHandler {
        let handlers = channel.pipeline.syncOperations
        let secure = configuration.tls != nil
        let connectionHandler = HTTPConnectionHandler(
            sites: sites, resources: loopResources, limits: configuration.limits,
            timeouts: timeouts, logger: logger, onProtocolAnswer: configuration.onProtocolAnswer, secure: secure)
        connectionHandler.tlsSite = site
        connectionHandler.tlsSession = session
        // TLS encrypts bytes, not file regions: under it files are read into buffers, a slice at a time.
        try handlers.addHandler(FileRegionSlicing(readsIntoBuffers: secure))
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(
            leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop,
            limitConfiguration: decoderLimits))
        if priorKnowledgeHTTP2 {
            try handlers.addHandler(H2CPriorKnowledge { [self] _ -> EventLoopFuture<Void> in
                let adopted = connectionHandler.handOver()
                let decoderGone = handlers.removeHandler(decoder)
                handlers.removeHandler(connectionHandler, promise: nil)
                let h2 = HTTP2Session(sites: sites, resources: loopResources, limits: configuration.limits, timeouts: timeouts,
                                      logger: logger, onProtocolAnswer: configuration.onProtocolAnswer, secure: false,
                                      tlsSession: nil, adopting: adopted)
                return decoderGone.assumeIsolated().flatMapThrowing {
                    try HTTP2Setup.install(h2, limits: configuration.http2, maxHeaderBytes: configuration.limits.maxHeaderBytes, on: channel)
                }.nonisolated()
            })
        }
        if sites.pipelines.contains(where: { $0.filters?.notifications.contains(.readRawData) == true }) {
            try handlers.addHandler(RawReadFilterHandler(connectionHandler: connectionHandler))
        }
        try handlers.addHandler(decoder)
        try handlers.addHandler(connectionHandler)
        return connectionHandler
    }
}

/// The certificate the client hello chose, for a connection handler that may not exist yet.
private final class ChosenSite {
    var site: ListenerTLS.Site?
    weak var handler: HTTPConnectionHandler?
}
