import NIOCore
import NIOSSL

extension HTTPConnectionHandler {
    /// The TLS handshake is complete (before any request bytes arrive): the connection's
    /// `ConnectionInfo.tls` gets the version and certificates, now or when it opens.
    func handshakeCompleted(_ context: ChannelHandlerContext) {
        guard let site = tlsSite, let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self) else {
            return
        }
        let session = TLSServerSetup.session(site, handler: handler)
        tlsSession = session
        connection?.info.tls = session
    }
}
