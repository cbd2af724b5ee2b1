#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOSSL
import Pipeline

/// The TLS side of one https listener: a context per binding certificate, chosen by the name the
/// client sends in its hello (SNI); a client that sends none, or a name no binding has, gets the
/// certificate of the binding without a host name, or else of the listener's first https binding.
///
/// TLS 1.2 and 1.3 only; TLS 1.2 with forward-secret AEAD suites only (ECDHE with AES-GCM or
/// ChaCha20-Poly1305). Made once per configuration, so a reload that rereads the certificate files
/// gives new connections the new certificates while open ones keep theirs.
public final class ListenerTLS: Sendable {
    /// One certificate and what the server variables say about it.
    struct Site: Sendable {
        /// ALPN offers `http/1.1` only.
        let context: NIOSSLContext
        /// ALPN offers `h2`, then `http/1.1`.
        let http2Context: NIOSSLContext
        let subject: String
        let issuer: String
        let keyBits: Int
        let requestsClientCertificate: Bool
    }

    /// TLS 1.2 suites: forward secrecy and authenticated encryption only. TLS 1.3 has only such suites.
    static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")
    /// The smallest symmetric key any allowed suite uses: `HTTPS_KEYSIZE` when the negotiated
    /// suite could not be read (`ServerHelloObserver`).
    static let minimumConnectionKeyBits = 128

    let byHost: [String: Site]
    let fallback: Site

    /// Reads every certificate and key; the first file that cannot be used is the error.
    public init(_ sources: [TLSCertificateSource]) throws(TLSSetupError) {
        guard let first = sources.first else { throw TLSSetupError("an https listener needs at least one certificate") }
        var byHost: [String: Site] = [:]
        var loaded: [TLSCertificateSource: Site] = [:]
        var fallback: Site?
        for source in sources {
            let site: Site
            if let known = loaded[source] {
                site = known
            } else {
                site = try Self.load(source)
                loaded[source] = site
            }
            if source.hostName.isEmpty {
                if fallback == nil { fallback = site }
            } else if byHost[source.hostName] == nil {
                byHost[source.hostName] = site
            }
        }
        self.byHost = byHost
        self.fallback = fallback ?? loaded[first]!
    }

    /// The certificate for the name in the client hello.
    func site(forServerName name: String?) -> Site {
        guard var name = name?.lowercased() else { return fallback }
        if name.hasSuffix(".") { name.removeLast() }
        return byHost[name] ?? fallback
    }

    private static func load(_ source: TLSCertificateSource) throws(TLSSetupError) -> Site {
        try readable("certificate file", source.certificateFile)
        try readable("certificate key file", source.keyFile)
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(source.certificateFile)
        } catch {
            throw TLSSetupError("cannot use the certificate file '\(source.certificateFile)': it holds no PEM certificate (\(error))")
        }
        guard let leaf = chain.first else {
            throw TLSSetupError("cannot use the certificate file '\(source.certificateFile)': it holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: source.keyFile, format: .pem)
        } catch {
            throw TLSSetupError("cannot use the certificate key file '\(source.keyFile)': it holds no PEM private key, or one protected by a passphrase (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.maximumTLSVersion = .tlsv13
        configuration.cipherSuites = tls12CipherSuites
        configuration.applicationProtocols = ["http/1.1"]
        if source.clientCertificates != .ignore, let authorities = source.clientCertificateAuthorities {
            try readable("client certificate authorities file", authorities)
            do {
                _ = try NIOSSLCertificate.fromPEMFile(authorities)
            } catch {
                throw TLSSetupError("cannot use the client certificate authorities file '\(authorities)': it holds no PEM certificate (\(error))")
            }
            configuration.trustRoots = .file(authorities)
            configuration.certificateVerification = source.clientCertificates == .require ? .noHostnameVerification : .optionalVerification
            configuration.sendCANameList = true
        }
        let context: NIOSSLContext
        let http2Context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
            configuration.applicationProtocols = ["h2", "http/1.1"]
            http2Context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSSetupError("cannot use the certificate '\(source.certificateFile)' with the key '\(source.keyFile)': the key does not belong to the certificate (\(error))")
        }
        return Site(context: context, http2Context: http2Context, subject: CertificateFacts.name(leaf.subjectName), issuer: CertificateFacts.name(leaf.issuerName),
                    keyBits: CertificateFacts.keyBits(leaf), requestsClientCertificate: source.clientCertificates != .ignore)
    }

    private static func readable(_ what: String, _ path: String) throws(TLSSetupError) {
        guard access(path, R_OK) == 0 else {
            throw TLSSetupError("cannot read the \(what) '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
