import NIOCore
import NIOSSL
import NIOTLS
import Pipeline

/// Puts TLS at the socket end of an accepted connection: the client hello is read first (NIO's
/// `SNIHandler`), the certificate for the name it carries is chosen, and a `NIOSSLServerHandler`
/// with that certificate's context takes its place. `chosen` hears the certificate, on the loop.
/// `offeringHTTP2`: ALPN offers `h2` before `http/1.1`.
enum TLSServerSetup {
    static func install(_ tls: ListenerTLS, offeringHTTP2: Bool = false, on channel: any Channel,
                        chosen: @escaping (ListenerTLS.Site) -> Void) throws {
        let placeholder = HandlerReference()
        let sni = ByteToMessageHandler(SNIHandler { result in
            let name: String? = if case .hostname(let name) = result { name } else { nil }
            let site = tls.site(forServerName: name)
            chosen(site)
            return channel.eventLoop.makeCompletedFuture {
                guard let sni = placeholder.handler else { throw ChannelError.ioOnClosedChannel }
                let context = offeringHTTP2 ? site.http2Context : site.context
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context), position: ChannelPipeline.SynchronousOperations.Position.after(sni))
            }
        })
        placeholder.handler = sni
        try channel.pipeline.syncOperations.addHandler(sni, position: ChannelPipeline.SynchronousOperations.Position.first)
        try channel.pipeline.syncOperations.addHandler(ServerHelloObserver(), position: ChannelPipeline.SynchronousOperations.Position.first)
    }

    /// What the handshake on `channel` negotiated, for the pipeline (call once it completed).
    static func session(_ site: ListenerTLS.Site, on channel: any Channel) -> TLSSessionInfo? {
        let handlers = channel.pipeline.syncOperations
        guard let handler = try? handlers.handler(type: NIOSSLServerHandler.self) else { return nil }
        let suite = (try? handlers.handler(type: ServerHelloObserver.self))?.suite
        return session(site, handler: handler, suite: suite)
    }

    static func session(_ site: ListenerTLS.Site, handler: NIOSSLHandler, suite: UInt16?) -> TLSSessionInfo {
        let version = switch handler.tlsVersion {
        case .tlsv13: "TLSv1.3"
        case .tlsv12: "TLSv1.2"
        default: ""
        }
        let client = handler.peerCertificate.flatMap(CertificateFacts.clientCertificate)
        return TLSSessionInfo(protocolVersion: version,
                              connectionKeyBits: suite.flatMap(ServerHelloObserver.keyBits(ofSuite:)) ?? ListenerTLS.minimumConnectionKeyBits,
                              serverKeyBits: site.keyBits, serverIssuer: site.issuer, serverSubject: site.subject,
                              clientCertificate: client, clientCertificateRequested: site.requestsClientCertificate)
    }
}

/// Lets the SNI callback name the handler it belongs to (which exists only once the callback was made).
private final class HandlerReference: @unchecked Sendable {
    var handler: (any ChannelHandler)?
}
