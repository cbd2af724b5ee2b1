import Config
import Foundation
import Server
import SiteAssembly
import TestSupport
import Testing

/// Two https sites on one port, each with its own certificate and page.
private func twoHTTPSSites(alpha: (certificate: String, key: String), beta: (certificate: String, key: String),
                           extra: String = "") -> String {
    """
    <configuration>
      <system.applicationHost>
        <sites>
          <site name="Alpha" id="1">
            <application path="/"><virtualDirectory path="/" physicalPath="alpha"/></application>
            <bindings><binding protocol="https" bindingInformation="127.0.0.1:8443:alpha.test"
                               certificateFile="\(alpha.certificate)" certificateKeyFile="\(alpha.key)" \(extra)/></bindings>
          </site>
          <site name="Beta" id="2">
            <application path="/"><virtualDirectory path="/" physicalPath="beta"/></application>
            <bindings><binding protocol="https" bindingInformation="127.0.0.1:8443:beta.test"
                               certificateFile="\(beta.certificate)" certificateKeyFile="\(beta.key)"/></bindings>
          </site>
        </sites>
      </system.applicationHost>
      <system.webServer>
        <modules><add name="StaticFileModule"/></modules>
      </system.webServer>
    </configuration>
    """
}

private func siteDirectories(_ directory: String) throws {
    for name in ["alpha", "beta"] {
        try FileManager.default.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: true)
        try Data("<h1>\(name)</h1>\n".utf8).write(to: URL(fileURLWithPath: directory + "/\(name)/index.html"))
    }
}

@Suite("HTTPS bindings in applicationHost.config", .serialized)
struct HTTPSConfigTests {
    @Test func sniPicksTheSitesCertificateAndHostPicksTheSite() async throws {
        let directory = try TemporaryConfig.directory()
        try siteDirectories(directory)
        let alpha = try TLSCertificates.files(TLSCertificates.alpha, name: "alpha")
        let beta = try TLSCertificates.files(TLSCertificates.beta, name: "beta")
        let model = try TemporaryConfig.model(twoHTTPSSites(alpha: alpha, beta: beta), in: directory)
        #expect(model.sites.allSatisfy { $0.bindings.allSatisfy { $0.scheme == "https" } })
        let server = ConfiguredServer(try ServerAssembler().assemble(model), template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let trust = [TLSCertificates.authority]
        // Verified against the name: the handshake succeeds only with the right certificate.
        let toAlpha = try await TLSTestClient.get(port: port, "/", host: "alpha.test", .init(serverName: "alpha.test", trust: trust))
        #expect(toAlpha.peerCertificate == TLSCertificates.alpha.der)
        #expect(toAlpha.response?.text == "<h1>alpha</h1>\n")
        let toBeta = try await TLSTestClient.get(port: port, "/", host: "beta.test", .init(serverName: "beta.test", trust: trust))
        #expect(toBeta.peerCertificate == TLSCertificates.beta.der)
        #expect(toBeta.response?.text == "<h1>beta</h1>\n")
        // No SNI: the first binding's certificate (no binding without a host name here).
        let unnamed = try await TLSTestClient.get(port: port, "/", host: "beta.test")
        #expect(unnamed.peerCertificate == TLSCertificates.alpha.der)
        #expect(unnamed.response?.text == "<h1>beta</h1>\n")
        await server.shutdown()
    }

    @Test func aReloadGivesNewConnectionsTheNewCertificate() async throws {
        let directory = try TemporaryConfig.directory()
        try siteDirectories(directory)
        let alpha = try TLSCertificates.files(TLSCertificates.alpha, name: "alpha")
        let beta = try TLSCertificates.files(TLSCertificates.beta, name: "beta")
        let server = ConfiguredServer(try ServerAssembler().assemble(TemporaryConfig.model(twoHTTPSSites(alpha: alpha, beta: beta), in: directory)),
                                      template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        #expect(try await TLSTestClient.get(port: port, "/", host: "alpha.test", .init(serverName: "alpha.test")).peerCertificate == TLSCertificates.alpha.der)
        // The renewed certificate is written over the old files, then the configuration is reloaded.
        let renewed = try IssuedCertificate(commonName: "alpha.test", organization: "Alpha renewed", hostNames: ["alpha.test"],
                                            issuer: TLSCertificates.authority)
        try renewed.write(certificateFile: alpha.certificate, keyFile: alpha.key)
        server.install(try ServerAssembler().assemble(TemporaryConfig.model(twoHTTPSSites(alpha: alpha, beta: beta), in: directory)))
        let after = try await TLSTestClient.get(port: port, "/", host: "alpha.test", .init(serverName: "alpha.test", trust: [TLSCertificates.authority]))
        #expect(after.peerCertificate == renewed.der)
        #expect(after.response?.status == 200)
        await server.shutdown()
    }

    @Test func aMissingCertificateIsAClearErrorAtStart() throws {
        let directory = try TemporaryConfig.directory()
        try siteDirectories(directory)
        let beta = try TLSCertificates.files(TLSCertificates.beta, name: "beta")
        let model = try TemporaryConfig.model(twoHTTPSSites(alpha: ("/nonexistent/alpha.pem", beta.key), beta: beta), in: directory)
        #expect {
            try ServerAssembler().assemble(model)
        } throws: { error in
            "\(error)".contains("listener https://127.0.0.1:0: cannot read the certificate file '/nonexistent/alpha.pem': No such file or directory")
        }
    }

    @Test func theExampleSiteGetsASelfSignedCertificateWhenItHasNone() async throws {
        let directory = try TemporaryConfig.directory()
        try siteDirectories(directory)
        let files = (certificate: directory + "/tls/example.pem", key: directory + "/tls/example.key")
        let xml = twoHTTPSSites(alpha: files, beta: try TLSCertificates.files(TLSCertificates.beta, name: "beta"),
                                extra: "selfSignedIfMissing=\"true\"")
        let assembled = try ServerAssembler().assemble(TemporaryConfig.model(xml, in: directory))
        #expect(assembled.warnings.contains { $0.message.contains("wrote a SELF-SIGNED certificate for alpha.test to '\(files.certificate)'") })
        let mode = try FileManager.default.attributesOfItem(atPath: files.key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let server = ConfiguredServer(assembled, template: ServerConfiguration(eventLoopThreads: 1))
        let port = try #require(try await server.start().first)
        let exchange = try await TLSTestClient.get(port: port, "/", host: "alpha.test", .init(serverName: "alpha.test"))
        #expect(exchange.response?.text == "<h1>alpha</h1>\n")
        await server.shutdown()
        // The second start keeps the files it wrote.
        let again = try ServerAssembler().assemble(TemporaryConfig.model(xml, in: directory))
        #expect(!again.warnings.contains { $0.message.contains("SELF-SIGNED") })
    }

    @Test func httpAndHttpsCannotShareAPort() throws {
        let xml = """
        <configuration><system.applicationHost><sites>
          <site name="A" id="1"><application path="/"><virtualDirectory path="/" physicalPath="/srv"/></application>
            <bindings><binding protocol="http" bindingInformation="*:8443:a.test"/>
                      <binding protocol="https" bindingInformation="*:8443:b.test" certificateFile="/c.pem" certificateKeyFile="/c.key"/></bindings></site>
          <site name="B" id="2"><application path="/"><virtualDirectory path="/" physicalPath="/srv"/></application>
            <bindings><binding protocol="https" bindingInformation="*:9443:" certificateFile="/c.pem"
                               clientCertificates="require"/></bindings></site>
        </sites></system.applicationHost></configuration>
        """
        #expect {
            try ConfigReader().read(data: Data(xml.utf8), file: "test.config", baseDirectory: "/tmp")
        } throws: { error in
            let text = "\(error)"
            return text.contains("*:8443 is also bound as http (site 'A'); one port cannot serve http and https")
                && text.contains("<binding> needs a non-empty 'certificateKeyFile' attribute")
                && text.contains("<binding clientCertificates=\"require\">: needs clientCertificateAuthorities")
        }
    }
}
