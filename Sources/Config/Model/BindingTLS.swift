/// isapi-bridge's TLS settings of an `https` binding. IIS keeps the certificate in the Windows
/// certificate store and names it by hash (`certificateHash`, `certificateStoreName`, set by netsh or
/// IIS Manager); here the binding names PEM files itself:
///
///     <binding protocol="https" bindingInformation="*:8443:shop.example"
///              certificateFile="/etc/isapi-bridge/shop.pem" certificateKeyFile="/etc/isapi-bridge/shop.key"
///              clientCertificates="negotiate" clientCertificateAuthorities="/etc/isapi-bridge/clients-ca.pem"/>
public struct BindingTLS: Sendable, Equatable {
    /// Whether the handshake asks for a client certificate (IIS: `access/@sslFlags`
    /// `SslNegotiateCert`, `SslRequireCert`).
    public enum ClientCertificates: String, Sendable, Equatable, CaseIterable {
        /// Not asked for (IIS: neither flag).
        case ignore
        /// Asked for; a client without one still connects (`SslNegotiateCert`).
        case negotiate
        /// Asked for; a client without a trusted one fails the handshake (`SslRequireCert`).
        case require
    }

    /// PEM certificate chain, the server's certificate first (absolute path).
    public var certificateFile: String
    /// PEM private key of that certificate (absolute path).
    public var keyFile: String
    public var clientCertificates: ClientCertificates
    /// PEM file of the authorities client certificates must chain to; needed unless `ignore`.
    public var clientCertificateAuthorities: String?
    /// isapi-bridge extension for examples: when both files are missing, `serve` writes a
    /// self-signed certificate and key there (never for production: browsers warn about it).
    public var selfSignedIfMissing: Bool

    public init(certificateFile: String, keyFile: String, clientCertificates: ClientCertificates = .ignore,
                clientCertificateAuthorities: String? = nil, selfSignedIfMissing: Bool = false) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCertificates = clientCertificates
        self.clientCertificateAuthorities = clientCertificateAuthorities
        self.selfSignedIfMissing = selfSignedIfMissing
    }
}
