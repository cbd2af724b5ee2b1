import Foundation
import Server
import SiteAssembly
import TestSupport

/// Certificates the TLS tests share: an authority, server certificates signed by it, and a client
/// certificate. Made once per test process (key generation is the slow part).
enum TLSCertificates {
    static let authority = try! IssuedCertificate(commonName: "Test Root", organization: "isapi-bridge tests", authority: true)
    static let localhost = try! IssuedCertificate(commonName: "localhost", organization: "Localhost Shop", hostNames: ["localhost"], issuer: authority)
    static let alpha = try! IssuedCertificate(commonName: "alpha.test", organization: "Alpha", hostNames: ["alpha.test"], issuer: authority)
    static let beta = try! IssuedCertificate(commonName: "beta.test", organization: "Beta", hostNames: ["beta.test"], issuer: authority)
    static let alice = try! IssuedCertificate(commonName: "alice", organization: "Clients", issuer: authority)
    /// A client certificate from an authority the server does not trust.
    static let mallory = try! IssuedCertificate(commonName: "mallory", organization: "Elsewhere",
                                                 issuer: try! IssuedCertificate(commonName: "Other Root", authority: true))

    /// Writes `certificate` and its key to a new directory; returns the two paths.
    static func files(_ certificate: IssuedCertificate, name: String = "server") throws -> (certificate: String, key: String) {
        let directory = ScratchDirectory.file("tls")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paths = (directory + "/\(name).pem", directory + "/\(name).key")
        try certificate.write(certificateFile: paths.0, keyFile: paths.1)
        return paths
    }

    /// The authority's certificate alone, for `clientCertificateAuthorities`.
    static func authorityFile() throws -> String {
        let path = ScratchDirectory.file("tls-ca") + ".pem"
        try Data(authority.certificatePEM.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func listener(_ certificate: IssuedCertificate = localhost, clientCertificates: TLSCertificateSource.ClientCertificates = .ignore) throws -> ListenerTLS {
        let paths = try files(certificate)
        return try ListenerTLS([TLSCertificateSource(
            hostName: "", certificateFile: paths.certificate, keyFile: paths.key, clientCertificates: clientCertificates,
            clientCertificateAuthorities: clientCertificates == .ignore ? nil : try authorityFile())])
    }

    /// `openssl` with `arguments`; its standard output.
    @discardableResult
    static func openssl(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The certificate's SHA-256 fingerprint as openssl computes it, in lowercase hex without colons.
    static func fingerprint(_ certificate: IssuedCertificate) throws -> String {
        let line = try openssl(["x509", "-noout", "-fingerprint", "-sha256"], input: certificate.certificatePEM)
        return String(line.split(separator: "=").last ?? "").filter { $0 != ":" && !$0.isWhitespace }.lowercased()
    }

    /// A self-signed RSA-2048 certificate and key made by openssl directly.
    static func rsaFiles() throws -> (certificate: String, key: String) {
        let directory = ScratchDirectory.file("tls-rsa")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paths = (directory + "/rsa.pem", directory + "/rsa.key")
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", paths.1, "-out", paths.0, "-days", "2",
                     "-subj", "/C=US/ST=WA/O=RSA Shop/CN=localhost"])
        return paths
    }
}
