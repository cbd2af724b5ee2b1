/// Just enough DER to read the key size out of a SubjectPublicKeyInfo (RFC 5280 4.1.2.7):
///
///     SEQUENCE { SEQUENCE { OID algorithm, parameters }, BIT STRING subjectPublicKey }
///
/// RSA's key is `SEQUENCE { INTEGER modulus, INTEGER exponent }`; an EC key's curve is the
/// parameters' OID.
struct DERReader {
    private let bytes: [UInt8]
    private var position: Int

    private init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// One element: its tag and the range of its contents.
    private mutating func element() -> (tag: UInt8, contents: Range<Int>)? {
        guard position + 2 <= bytes.count else { return nil }
        let tag = bytes[position]
        var length = Int(bytes[position + 1])
        position += 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, position + count <= bytes.count else { return nil }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[position])
                position += 1
            }
        }
        guard position + length <= bytes.count else { return nil }
        defer { position += length }
        return (tag, position..<position + length)
    }

    private static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    private static let curveBits: [[UInt8]: Int] = [
        [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]: 256,  // prime256v1
        [0x2B, 0x81, 0x04, 0x00, 0x22]: 384,  // secp384r1
        [0x2B, 0x81, 0x04, 0x00, 0x23]: 521,  // secp521r1
    ]
    private static let ed25519: [UInt8] = [0x2B, 0x65, 0x70]

    static func publicKeyBits(_ spki: [UInt8]) -> Int? {
        var outer = DERReader(spki)
        guard let info = outer.element(), info.tag == 0x30 else { return nil }
        var fields = DERReader(spki, at: info.contents.lowerBound)
        guard let algorithm = fields.element(), algorithm.tag == 0x30, let key = fields.element(), key.tag == 0x03 else { return nil }
        var identifiers = DERReader(spki, at: algorithm.contents.lowerBound)
        guard let oid = identifiers.element(), oid.tag == 0x06 else { return nil }
        let algorithmOID = Array(spki[oid.contents])
        if algorithmOID == ed25519 { return 256 }
        if algorithmOID == rsaEncryption {
            // The BIT STRING's first byte counts unused bits; the RSA key follows.
            var rsa = DERReader(spki, at: key.contents.lowerBound + 1)
            guard let sequence = rsa.element(), sequence.tag == 0x30 else { return nil }
            var integers = DERReader(spki, at: sequence.contents.lowerBound)
            guard let modulus = integers.element(), modulus.tag == 0x02 else { return nil }
            var digits = spki[modulus.contents].drop { $0 == 0 }
            guard let first = digits.first else { return 0 }
            digits = digits.dropFirst()
            return digits.count * 8 + (8 - first.leadingZeroBitCount)
        }
        guard let parameters = identifiers.element(), parameters.tag == 0x06 else { return nil }
        return curveBits[Array(spki[parameters.contents])]
    }
}
