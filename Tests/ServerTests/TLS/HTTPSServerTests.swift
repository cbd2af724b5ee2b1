import Foundation
import NIOSSL
import Pipeline
import Server
import SiteAssembly
import Synchronization
import TestSupport
import Testing

/// The server variables a filter or module reads on a TLS connection.
private let tlsVariables = ["HTTPS", "SERVER_PORT_SECURE", "HTTPS_KEYSIZE", "HTTPS_SECRETKEYSIZE", "HTTPS_SERVER_SUBJECT",
                            "HTTPS_SERVER_ISSUER", "CERT_SUBJECT", "CERT_ISSUER", "CERT_FLAGS", "CERT_SERIALNUMBER",
                            "CERT_COOKIE", "CERT_KEYSIZE", "CERT_SERVER_SUBJECT"]

/// A handler that answers with `NAME=value` lines of `tlsVariables`.
private func variablesModule() -> ModuleRegistration {
    ClosureModule.registration("Variables", [.executeRequestHandler]) { _, context in
        context.response.write(tlsVariables.map { "\($0)=\(context.serverVariable($0) ?? "<unknown>")\n" }.joined())
        return .finishRequest
    }
}

private func variables(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let equals = line.firstIndex(of: "=") else { continue }
        result[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return result
}

@Suite("HTTPS: TLS on a listener, same pipeline", .serialized)
struct HTTPSServerTests {
    /// Filters for the secure port only, the non-secure port only, and both (neither flag).
    func portFilters(_ log: EventLog) -> [ScriptedFilter] {
        [
            ScriptedFilter("Secure", flags: [.securePort, .preprocHeaders], log: log) { context, _ in
                log.append("Secure:fIsSecurePort=\(context.isSecurePort)")
                return .nextNotification
            },
            ScriptedFilter("Plain", flags: [.nonSecurePort, .preprocHeaders], log: log),
            ScriptedFilter("Both", flags: [.securePort, .nonSecurePort, .preprocHeaders], log: log),
        ]
    }

    @Test func secureAndNonSecureFiltersAreCalledAsDocumented() async throws {
        let log = EventLog()
        let pipeline = try filterPipeline(portFilters(log), modules: [variablesModule()])
        let tls = try TLSCertificates.listener()
        try await withServer(pipeline, configure: { $0.tls = { tls } }) { _, port in
            let exchange = try await TLSTestClient.get(port: port, "/")
            #expect(exchange.response?.status == 200, "\(exchange.text)")
            #expect(log.all == ["Secure:PREPROC_HEADERS", "Secure:fIsSecurePort=true", "Both:PREPROC_HEADERS"])
            let values = variables(exchange.response?.text ?? "")
            #expect(values["HTTPS"] == "on")
            #expect(values["SERVER_PORT_SECURE"] == "1")
        }
        log.clear()
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            defer { client.close() }
            let response = try client.get("/")
            #expect(response.status == 200)
            #expect(log.all == ["Plain:PREPROC_HEADERS", "Both:PREPROC_HEADERS"])
            let values = variables(response.text)
            #expect(values["HTTPS"] == "off")
            #expect(values["SERVER_PORT_SECURE"] == "0")
            #expect(values["HTTPS_KEYSIZE"] == "")
            #expect(values["CERT_FLAGS"] == "")
        }
    }

    @Test func serverVariablesDescribeTheCertificateAndConnection() async throws {
        let tls = try TLSCertificates.listener()
        try await withServer(try filterPipeline([], modules: [variablesModule()]), configure: { $0.tls = { tls } }) { _, port in
            let exchange = try await TLSTestClient.get(port: port, "/", .init(serverName: "localhost", trust: [TLSCertificates.authority]))
            let values = variables(try #require(exchange.response).text)
            #expect(values["HTTPS_SERVER_SUBJECT"] == "C=US, O=Localhost Shop, CN=localhost")
            #expect(values["HTTPS_SERVER_ISSUER"] == "C=US, O=isapi-bridge tests, CN=Test Root")
            #expect(values["CERT_SERVER_SUBJECT"] == values["HTTPS_SERVER_SUBJECT"])
            #expect(values["HTTPS_SECRETKEYSIZE"] == "256")  // P-256
            // TLS 1.3 picks AES-128-GCM, AES-256-GCM or ChaCha20 by the client's preference.
            #expect(["128", "256"].contains(values["HTTPS_KEYSIZE"] ?? ""))
            #expect(values["CERT_KEYSIZE"] == values["HTTPS_KEYSIZE"])
            // No client certificate was asked for.
            #expect(values["CERT_FLAGS"] == "0")
            #expect(values["CERT_SUBJECT"] == "")
            #expect(exchange.peerCertificate == TLSCertificates.localhost.der)
        }
    }

    @Test func aClientCertificateReachesCertSubject() async throws {
        let tls = try TLSCertificates.listener(clientCertificates: .negotiate)
        try await withServer(try filterPipeline([], modules: [variablesModule()]), configure: { $0.tls = { tls } }) { _, port in
            let alice = try await TLSTestClient.get(port: port, "/", .init(clientCertificate: TLSCertificates.alice))
            let values = variables(try #require(alice.response).text)
            #expect(values["CERT_SUBJECT"] == "C=US, O=Clients, CN=alice")
            #expect(values["CERT_ISSUER"] == "C=US, O=isapi-bridge tests, CN=Test Root")
            #expect(values["CERT_FLAGS"] == "1")
            let serial = try #require(values["CERT_SERIALNUMBER"])
            #expect(serial.split(separator: "-").allSatisfy { $0.count == 2 } && !serial.isEmpty)
            #expect(values["CERT_COOKIE"] == (try TLSCertificates.fingerprint(TLSCertificates.alice)))
            // negotiate: a client without a certificate is still served.
            let anonymous = try await TLSTestClient.get(port: port, "/")
            let without = variables(try #require(anonymous.response).text)
            #expect(without["CERT_FLAGS"] == "0")
            #expect(without["CERT_SUBJECT"] == "")
            // A certificate from an authority the binding does not name fails the handshake.
            let stranger = try? await TLSTestClient.get(port: port, "/", .init(clientCertificate: TLSCertificates.mallory))
            #expect(stranger?.response == nil)
        }
    }

    @Test func requiredClientCertificateRefusesClientsWithoutOne() async throws {
        let log = EventLog()
        let tls = try TLSCertificates.listener(clientCertificates: .require)
        let pipeline = try filterPipeline([ScriptedFilter("Seen", flags: [.preprocHeaders], log: log)], modules: [variablesModule()])
        try await withServer(pipeline, configure: { $0.tls = { tls } }) { _, port in
            let refused = try? await TLSTestClient.get(port: port, "/")
            #expect(refused?.response == nil)
            #expect(log.all.isEmpty)
            let alice = try await TLSTestClient.get(port: port, "/", .init(clientCertificate: TLSCertificates.alice))
            #expect(variables(try #require(alice.response).text)["CERT_SUBJECT"] == "C=US, O=Clients, CN=alice")
            #expect(log.all == ["Seen:PREPROC_HEADERS"])
        }
    }

    @Test func anRSACertificateReportsItsModulusBits() async throws {
        let rsa = try TLSCertificates.rsaFiles()
        let tls = try ListenerTLS([TLSCertificateSource(hostName: "", certificateFile: rsa.certificate, keyFile: rsa.key)])
        try await withServer(try filterPipeline([], modules: [variablesModule()]), configure: { $0.tls = { tls } }) { _, port in
            let values = variables(try #require(try await TLSTestClient.get(port: port, "/").response).text)
            #expect(values["HTTPS_SECRETKEYSIZE"] == "2048")
            #expect(values["HTTPS_SERVER_SUBJECT"] == "C=US, S=WA, O=RSA Shop, CN=localhost")
            #expect(values["HTTPS_SERVER_ISSUER"] == values["HTTPS_SERVER_SUBJECT"])
        }
    }

    @Test func tlsBelowVersion12IsRefused() async throws {
        let tls = try TLSCertificates.listener()
        try await withServer(try filterPipeline([], modules: [variablesModule()]), configure: { $0.tls = { tls } }) { _, port in
            let old = try? await TLSTestClient.get(port: port, "/", .init(maximumVersion: .tlsv11))
            #expect(old?.response == nil)
            let twelve = try await TLSTestClient.get(port: port, "/", .init(maximumVersion: .tlsv12))
            #expect(twelve.response?.status == 200)
        }
    }

    @Test func theKeySizeIsTheNegotiatedSuites() async throws {
        let tls = try TLSCertificates.listener()
        try await withServer(try filterPipeline([], modules: [variablesModule()]), configure: { $0.tls = { tls } }) { _, port in
            for (suite, bits) in [("ECDHE-ECDSA-AES128-GCM-SHA256", "128"), ("ECDHE-ECDSA-AES256-GCM-SHA384", "256"),
                                  ("ECDHE-ECDSA-CHACHA20-POLY1305", "256")] {
                let exchange = try await TLSTestClient.get(port: port, "/", .init(maximumVersion: .tlsv12, cipherSuites: suite))
                let values = variables(try #require(exchange.response, "\(suite)").text)
                #expect(values["HTTPS_KEYSIZE"] == bits, "\(suite)")
                #expect(values["CERT_KEYSIZE"] == bits, "\(suite)")
            }
        }
    }

    @Test func h2IsNegotiatedByALPNAndRunsTheSameChain() async throws {
        let log = EventLog()
        let pipeline = try filterPipeline(portFilters(log), modules: [variablesModule()])
        let tls = try TLSCertificates.listener()
        try await withServer(pipeline, configure: { $0.tls = { tls } }) { _, port in
            let client = try await H2TestClient.connect(port: port, tls: true, applicationProtocols: ["h2", "http/1.1"])
            #expect(client.negotiatedProtocol == "h2")
            let first = try await client.request("/one")
            let second = try await client.request("/two")
            #expect(first.status == 200 && second.status == 200)
            let values = variables(first.text)
            #expect(values["HTTPS"] == "on")
            #expect(values["SERVER_PORT_SECURE"] == "1")
            #expect(values["HTTPS_SERVER_SUBJECT"] == "C=US, O=Localhost Shop, CN=localhost")
            #expect(["128", "256"].contains(values["HTTPS_KEYSIZE"] ?? ""))
            #expect(log.all == ["Secure:PREPROC_HEADERS", "Secure:fIsSecurePort=true", "Both:PREPROC_HEADERS",
                                "Secure:PREPROC_HEADERS", "Secure:fIsSecurePort=true", "Both:PREPROC_HEADERS"])
            await client.close()
            // A client that offers only HTTP/1.1 gets it.
            let http1 = try await TLSTestClient.get(port: port, "/")
            #expect(http1.response?.status == 200)
        }
    }

    @Test func aListenerWithRawDataFiltersOffersOnlyHTTP1() async throws {
        let raw = ScriptedFilter("Raw", flags: [.sendRawData])
        let tls = try TLSCertificates.listener()
        try await withServer(try filterPipeline([raw], modules: [variablesModule()]), configure: { $0.tls = { tls } }) { _, port in
            let client = try await H2TestClient.connect(port: port, tls: true, applicationProtocols: ["h2", "http/1.1"])
            #expect(client.negotiatedProtocol == "http/1.1")
            await client.close()
        }
    }

    @Test func aLargeFileGoesThroughTLSWhole() async throws {
        let path = ScratchDirectory.file("tls-large", suffix: ".bin")
        let bytes = (0..<(3 << 20) + 123).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let module = ClosureModule.registration("File", [.executeRequestHandler]) { _, context in
            context.response.write(ResponseFile(path: path, length: bytes.count))
            return .finishRequest
        }
        let tls = try TLSCertificates.listener()
        try await withServer(try filterPipeline([], modules: [module]), configure: { $0.tls = { tls } }) { _, port in
            let exchange = try await TLSTestClient.get(port: port, "/big")
            let response = try #require(exchange.response)
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == String(bytes.count))
            #expect(response.body.count == bytes.count)
            // A Bool, not `body == bytes` inside #expect: on failure Testing would diff two 3 MiB
            // arrays element by element, which takes hours (what made this test look hung).
            let identical = response.body == bytes
            #expect(identical)
        }
    }

    @Test func aBadCertificatePathIsAClearError() throws {
        let paths = try TLSCertificates.files(TLSCertificates.localhost)
        #expect {
            try ListenerTLS([TLSCertificateSource(hostName: "", certificateFile: "/nonexistent/site.pem", keyFile: paths.key)])
        } throws: { "\($0)" == "cannot read the certificate file '/nonexistent/site.pem': No such file or directory" }
        let other = try TLSCertificates.files(TLSCertificates.alpha, name: "other")
        #expect {
            try ListenerTLS([TLSCertificateSource(hostName: "", certificateFile: paths.certificate, keyFile: other.key)])
        } throws: { "\($0)".hasPrefix("cannot use the certificate '\(paths.certificate)' with the key '\(other.key)': the key does not belong to the certificate") }
        #expect {
            try ListenerTLS([TLSCertificateSource(hostName: "", certificateFile: paths.key, keyFile: paths.key)])
        } throws: { "\($0)".hasPrefix("cannot use the certificate file '\(paths.key)': it holds no PEM certificate") }
    }
}
