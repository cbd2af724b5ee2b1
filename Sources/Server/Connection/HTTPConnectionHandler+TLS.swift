import NIOCore
import NIOSSL

extension HTTPConnectionHandler {
    /// The TLS handshake is complete (before any request bytes arrive): the connection's
    /// `ConnectionInfo.tls` gets the version and certificates, now or when it opens.
    func handshakeCompleted(_ context: ChannelHandlerContext) {
        guard let site = tlsSite, let session = TLSServerSetup.session(site, on: context.channel) else { return }
        tlsSession = session
        connection?.info.tls = session
    }
}
