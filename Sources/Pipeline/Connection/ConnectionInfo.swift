/// Addresses and transport facts of one client connection.
public struct ConnectionInfo: Sendable, Equatable {
    public var remoteAddress: String
    public var remotePort: Int
    public var localAddress: String
    public var localPort: Int
    public var isSecure: Bool
    /// What the handshake negotiated, on a secure connection once it is complete.
    public var tls: TLSSessionInfo?

    public init(remoteAddress: String = "127.0.0.1", remotePort: Int = 0,
                localAddress: String = "127.0.0.1", localPort: Int = 80, isSecure: Bool = false, tls: TLSSessionInfo? = nil) {
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.localAddress = localAddress
        self.localPort = localPort
        self.isSecure = isSecure
        self.tls = tls
    }

    /// `host:port` of the local end, for absolute URLs when the client sent no Host header.
    public var localAuthority: String {
        let host = localAddress.contains(":") ? "[\(localAddress)]" : localAddress
        return (isSecure && localPort == 443) || (!isSecure && localPort == 80) ? host : "\(host):\(localPort)"
    }
}
