/// What a TLS connection negotiated, as filters and modules read it (server variables `HTTPS_*`,
/// `CERT_*`; a native module's `HTTP_REQUEST.pSslInfo`). The server fills it in once the handshake
/// is complete, before the connection's first request runs.
public struct TLSSessionInfo: Sendable, Equatable {
    /// `TLSv1.2` or `TLSv1.3`.
    public var protocolVersion: String
    /// Bits of the symmetric key of the negotiated suite (`HTTPS_KEYSIZE`): 128 or 256.
    public var connectionKeyBits: Int
    /// Bits of the server certificate's public key (`HTTPS_SECRETKEYSIZE`): 2048 for RSA-2048, 256 for P-256.
    public var serverKeyBits: Int
    /// The server certificate's issuer and subject (`HTTPS_SERVER_ISSUER`, `HTTPS_SERVER_SUBJECT`),
    /// as `C=US, O=Example, CN=www.example.com` in the certificate's order.
    public var serverIssuer: String
    public var serverSubject: String
    /// The client certificate, when the binding asked for one and the client sent one.
    public var clientCertificate: ClientCertificateInfo?
    /// Whether the handshake asked the client for a certificate (`SslClientCertNegotiated`).
    public var clientCertificateRequested: Bool

    public init(protocolVersion: String, connectionKeyBits: Int, serverKeyBits: Int, serverIssuer: String,
                serverSubject: String, clientCertificate: ClientCertificateInfo? = nil, clientCertificateRequested: Bool = false) {
        self.protocolVersion = protocolVersion
        self.connectionKeyBits = connectionKeyBits
        self.serverKeyBits = serverKeyBits
        self.serverIssuer = serverIssuer
        self.serverSubject = serverSubject
        self.clientCertificate = clientCertificate
        self.clientCertificateRequested = clientCertificateRequested
    }
}

/// A client certificate the handshake verified against the binding's authorities.
public struct ClientCertificateInfo: Sendable, Equatable {
    public var subject: String
    public var issuer: String
    /// Serial number bytes, most significant first (`CERT_SERIALNUMBER` prints them as `0a-1b-...`).
    public var serialNumber: [UInt8]
    /// Bits of the certificate's public key.
    public var keyBits: Int
    /// Lowercase hex SHA-256 of the DER encoding: a stable id for the certificate (`CERT_COOKIE`).
    public var fingerprint: String
    /// The DER encoding (`HTTP_SSL_CLIENT_CERT_INFO.pCertEncoded`).
    public var der: [UInt8]

    public init(subject: String, issuer: String, serialNumber: [UInt8], keyBits: Int, fingerprint: String, der: [UInt8]) {
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.keyBits = keyBits
        self.fingerprint = fingerprint
        self.der = der
    }
}
