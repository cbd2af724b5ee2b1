import Foundation

/// Makes certificates with the `openssl` command (Debian's `openssl` package,
/// `scripts/system-packages.sh`): the self-signed certificate of the example https site, and
/// authorities and client certificates for tests. Keys are ECDSA P-256.
public struct IssuedCertificate: Sendable {
    public let certificatePEM: String
    public let privateKeyPEM: String

    /// What went wrong running `openssl`, with what it printed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A certificate for the DNS names `hostNames` (a server) or, with none, for a client; signed
    /// by `issuer`, or by its own key when `issuer` is nil; `authority` makes it a CA.
    public init(commonName: String, organization: String = "isapi-bridge", hostNames: [String] = [],
                authority: Bool = false, issuer: IssuedCertificate? = nil, validFor days: Int = 365) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("isapi-bridge-cert-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var extensions = authority
            ? ["basicConstraints = critical, CA:TRUE", "keyUsage = critical, keyCertSign, cRLSign"]
            : ["basicConstraints = critical, CA:FALSE", "keyUsage = critical, digitalSignature",
               "extendedKeyUsage = \(hostNames.isEmpty ? "clientAuth" : "serverAuth")"]
        if !hostNames.isEmpty { extensions.append("subjectAltName = " + hostNames.map { "DNS:\($0)" }.joined(separator: ", ")) }
        let config = """
            [req]
            distinguished_name = dn
            x509_extensions = ext
            prompt = no
            [dn]
            C = US
            O = \(organization)
            CN = \(commonName)
            [ext]
            \(extensions.joined(separator: "\n"))

            """
        let paths = (config: directory + "/openssl.cnf", key: directory + "/key.pem", certificate: directory + "/cert.pem")
        try Data(config.utf8).write(to: URL(fileURLWithPath: paths.config))
        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", paths.key, "-config", paths.config]
        if let issuer {
            let request = directory + "/request.csr", issuerCertificate = directory + "/issuer.pem", issuerKey = directory + "/issuer.key"
            try Data(issuer.certificatePEM.utf8).write(to: URL(fileURLWithPath: issuerCertificate))
            try Data(issuer.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: issuerKey))
            try Self.openssl(["req", "-new"] + newKey + ["-out", request])
            let serial = String(UInt64.random(in: 1...UInt64.max), radix: 16)
            try Self.openssl(["x509", "-req", "-in", request, "-CA", issuerCertificate, "-CAkey", issuerKey, "-set_serial", "0x" + serial,
                              "-days", String(days), "-extfile", paths.config, "-extensions", "ext", "-out", paths.certificate])
        } else {
            try Self.openssl(["req", "-x509"] + newKey + ["-days", String(days), "-out", paths.certificate])
        }
        certificatePEM = try String(contentsOfFile: paths.certificate, encoding: .utf8)
        privateKeyPEM = try String(contentsOfFile: paths.key, encoding: .utf8)
    }

    /// Writes the certificate and the key (the key readable by its owner only), each to a
    /// temporary name first, so that a reader never sees half a file.
    public func write(certificateFile: String, keyFile: String) throws {
        try Self.write(certificatePEM, to: certificateFile, mode: 0o644)
        try Self.write(privateKeyPEM, to: keyFile, mode: 0o600)
    }

    private static func write(_ text: String, to path: String, mode: Int) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw Failure(description: "cannot create '\(temporary)'")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write '\(path)': \(reason)")
        }
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw Failure(description: "cannot run openssl (install Debian's openssl package): \(error)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.first ?? "") failed (install Debian's openssl package if it is missing): "
                          + String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
