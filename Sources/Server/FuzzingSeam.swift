import Logging
import NIOCore
import Pipeline

/// The server's connection handlers for a channel the caller owns, for the fuzz targets in `Fuzz/`
/// and the corpus replay tests: they drive an `EmbeddedChannel` through the very handler stack
/// `HTTPServer` gives an accepted socket (`ConnectionSetup`). Not for serving.
@_spi(Fuzzing) public final class ConnectionHandlerInstaller {
    private let setup: ConnectionSetup
    private let loop: any EventLoop
    private let resources: LoopResources

    /// - Parameter loop: the event loop of every channel passed to `install(on:)`.
    public init(configuration: ServerConfiguration, sites: SiteSelection, loop: any EventLoop,
                logger: Logger = Logger(label: "isapi-bridge.fuzzing")) {
        setup = ConnectionSetup(configuration: configuration, siteProvider: { sites }, registry: ConnectionRegistry(),
                                logger: logger)
        self.loop = loop
        resources = LoopResources(loop: loop, memory: configuration.memory, gate: LoopGate())
    }

    /// Adds the handlers an accepted connection gets; call on the loop, before activating the channel.
    public func install(on channel: any Channel) throws {
        precondition(channel.eventLoop === loop, "the channel must run on the installer's event loop")
        try setup.install(on: channel, resources: resources)
    }
}
