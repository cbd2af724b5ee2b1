import NIOCore
import NIOSSL

/// TLS towards `https://` upstreams: the system's trust store plus an optional CA file, full
/// verification (chain and host name). Made once per proxy; a CA file that cannot be read leaves
/// the failure here, and every https exchange fails with it (502, logged).
struct UpstreamTLS: Sendable {
    let context: Result<NIOSSLContext, any Error>

    init(trustedAuthoritiesFile: String?) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        if let trustedAuthoritiesFile { configuration.additionalTrustRoots = [.file(trustedAuthoritiesFile)] }
        context = Result { try NIOSSLContext(configuration: configuration) }
    }

    /// The handler that makes a new connection to `host` speak TLS. SNI and the host name check use
    /// `host` unless it is an IP address (then the certificate must name that address).
    func handler(for host: String) throws -> NIOSSLClientHandler {
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context.get(), serverHostname: isAddress ? nil : host)
    }
}
