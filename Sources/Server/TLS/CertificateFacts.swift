import NIOSSL
import Pipeline

/// Names, key size and fingerprint of a certificate, as IIS's server variables print them.
enum CertificateFacts {
    /// `C=US, S=WA, O=Example, CN=www.example.com`: the relative names in the certificate's order,
    /// separated by ", ", with IIS's short names (state as `S`).
    static func name(_ names: [SSLCertificateName]) -> String {
        names.map { "\(label($0.type))=\($0.value)" }.joined(separator: ", ")
    }

    private static func label(_ type: SSLCertificateNameType) -> String {
        switch type {
        case .country: "C"
        case .state: "S"
        case .city: "L"
        case .organization: "O"
        case .organizationalUnit: "OU"
        case .commonName: "CN"
        case .emailAddress: "E"
        case .userId: "UID"
        default: "OID"
        }
    }

    /// Bits of the certificate's public key: the modulus of an RSA key, the curve of an EC key; 0
    /// when neither (the SubjectPublicKeyInfo is read with `DERReader`).
    static func keyBits(_ certificate: NIOSSLCertificate) -> Int {
        guard let spki = try? certificate.extractPublicKey().toSPKIBytes() else { return 0 }
        return DERReader.publicKeyBits(spki) ?? 0
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    /// A client certificate as the pipeline reads it; nil if it has no DER encoding.
    static func clientCertificate(_ certificate: NIOSSLCertificate) -> ClientCertificateInfo? {
        guard let der = try? certificate.toDERBytes() else { return nil }
        return ClientCertificateInfo(
            subject: name(certificate.subjectName), issuer: name(certificate.issuerName),
            serialNumber: certificate.serialNumber, keyBits: keyBits(certificate),
            fingerprint: hex(SHA256Digest.hash(der)), der: der)
    }
}
