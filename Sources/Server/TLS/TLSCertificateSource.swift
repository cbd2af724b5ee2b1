/// One https binding's certificate, as a listener's TLS setup takes it.
public struct TLSCertificateSource: Sendable, Hashable {
    /// Whether the handshake asks for a client certificate.
    public enum ClientCertificates: Sendable, Hashable {
        case ignore
        /// Asked for; a client without one still connects.
        case negotiate
        /// A client without a certificate that chains to the authorities fails the handshake.
        case require
    }

    /// The binding's host name (SNI picks this certificate for it); empty: the listener's default.
    public var hostName: String
    public var certificateFile: String
    public var keyFile: String
    public var clientCertificates: ClientCertificates
    /// PEM file of the authorities client certificates must chain to (unless `ignore`).
    public var clientCertificateAuthorities: String?

    public init(hostName: String, certificateFile: String, keyFile: String, clientCertificates: ClientCertificates = .ignore,
                clientCertificateAuthorities: String? = nil) {
        self.hostName = hostName.lowercased()
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCertificates = clientCertificates
        self.clientCertificateAuthorities = clientCertificateAuthorities
    }
}
