import Config
import Foundation
import Server

extension ServerAssembler {
    /// Each https listener's certificates, read now, so that a missing file or a key that does not
    /// match is an error at start (and at reload, which then keeps the previous configuration).
    /// A binding with `selfSignedIfMissing` whose two files are both missing gets a new self-signed
    /// certificate first, with a warning that says so.
    static func listenerTLS(_ model: ServerModel, _ problems: inout AssemblyLog) -> [Listener: ListenerTLS] {
        var result: [Listener: ListenerTLS] = [:]
        for listener in model.listeners {
            var sources: [TLSCertificateSource] = []
            var firstLine = 0
            for site in model.sites {
                for binding in site.bindings where binding.listener == listener {
                    guard let tls = binding.tls else { continue }
                    if firstLine == 0 { firstLine = binding.line }
                    if tls.selfSignedIfMissing { writeSelfSigned(tls, binding: binding, site: site.name, &problems) }
                    sources.append(TLSCertificateSource(
                        hostName: binding.hostName, certificateFile: tls.certificateFile, keyFile: tls.keyFile,
                        clientCertificates: clientCertificates(tls.clientCertificates),
                        clientCertificateAuthorities: tls.clientCertificateAuthorities))
                }
            }
            guard !sources.isEmpty else { continue }
            do {
                result[listener] = try ListenerTLS(sources)
            } catch {
                problems.error(firstLine, "listener \(listener): \(error)")
            }
        }
        return result
    }

    private static func clientCertificates(_ mode: BindingTLS.ClientCertificates) -> TLSCertificateSource.ClientCertificates {
        switch mode {
        case .ignore: .ignore
        case .negotiate: .negotiate
        case .require: .require
        }
    }

    private static func writeSelfSigned(_ tls: BindingTLS, binding: Binding, site: String, _ problems: inout AssemblyLog) {
        let files = FileManager.default
        guard !files.fileExists(atPath: tls.certificateFile), !files.fileExists(atPath: tls.keyFile) else { return }
        let host = binding.hostName.isEmpty ? "localhost" : binding.hostName
        do {
            let issued = try IssuedCertificate(commonName: host, organization: "isapi-bridge self-signed example", hostNames: [host])
            try issued.write(certificateFile: tls.certificateFile, keyFile: tls.keyFile)
            problems.warning(binding.line, "site '\(site)': wrote a SELF-SIGNED certificate for \(host) to '\(tls.certificateFile)' (key '\(tls.keyFile)'); browsers warn about it: for examples only, give the binding a real certificate")
        } catch {
            problems.error(binding.line, "site '\(site)': cannot write a self-signed certificate to '\(tls.certificateFile)': \(error)")
        }
    }
}
