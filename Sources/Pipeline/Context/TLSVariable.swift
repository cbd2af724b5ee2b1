/// The server variables of a TLS connection and its client certificate (`HTTPS_*`, `CERT_*`).
/// On a connection without TLS each is empty, as IIS leaves them.
enum TLSVariable: Sendable {
    case keySize, secretKeySize, serverIssuer, serverSubject
    case certCookie, certFlags, certIssuer, certSerialNumber, certSubject

    static let byName: [String: TLSVariable] = [
        "HTTPS_KEYSIZE": .keySize, "CERT_KEYSIZE": .keySize,
        "HTTPS_SECRETKEYSIZE": .secretKeySize, "CERT_SECRETKEYSIZE": .secretKeySize,
        "HTTPS_SERVER_ISSUER": .serverIssuer, "CERT_SERVER_ISSUER": .serverIssuer,
        "HTTPS_SERVER_SUBJECT": .serverSubject, "CERT_SERVER_SUBJECT": .serverSubject,
        "CERT_COOKIE": .certCookie, "CERT_FLAGS": .certFlags, "CERT_ISSUER": .certIssuer,
        "CERT_SERIALNUMBER": .certSerialNumber, "CERT_SUBJECT": .certSubject,
    ]

    func value(_ tls: TLSSessionInfo?) -> String {
        guard let tls else { return "" }
        let client = tls.clientCertificate
        switch self {
        case .keySize: return String(tls.connectionKeyBits)
        case .secretKeySize: return String(tls.serverKeyBits)
        case .serverIssuer: return tls.serverIssuer
        case .serverSubject: return tls.serverSubject
        case .certCookie: return client?.fingerprint ?? ""
        // Bit 0: a client certificate is present. Bit 1 (issuer not trusted) is never set: an
        // untrusted certificate fails the handshake.
        case .certFlags: return client == nil ? "0" : "1"
        case .certIssuer: return client?.issuer ?? ""
        case .certSerialNumber: return client.map { Self.dashedHex($0.serialNumber) } ?? ""
        case .certSubject: return client?.subject ?? ""
        }
    }

    /// `0a-1b-2c`, as IIS prints a serial number.
    static func dashedHex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return bytes.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }.joined(separator: "-")
    }
}
