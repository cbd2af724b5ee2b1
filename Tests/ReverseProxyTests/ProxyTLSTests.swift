import Foundation
import Pipeline
import ReverseProxy
import Server
import SiteAssembly
import TestSupport
import Testing

/// `https://` upstreams: TLS with full verification, the system's trust store plus a configured CA file.
@Suite("Reverse proxy to https upstreams", .serialized)
struct ProxyTLSTests {
    /// A test authority and a `localhost` certificate it signed, written to files once.
    static let files: (authority: String, certificate: String, key: String) = {
        let authority = try! IssuedCertificate(commonName: "Proxy Test Root", organization: "isapi-bridge tests", authority: true)
        let server = try! IssuedCertificate(commonName: "localhost", organization: "Upstream", hostNames: ["localhost"],
                                            issuer: authority)
        let directory = ScratchDirectory.file("proxy-tls")
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paths = (directory + "/ca.pem", directory + "/server.pem", directory + "/server.key")
        try! Data(authority.certificatePEM.utf8).write(to: URL(fileURLWithPath: paths.0))
        try! server.write(certificateFile: paths.1, keyFile: paths.2)
        return paths
    }()

    static func settings(trusting file: String?) -> ReverseProxySettings {
        var settings = ProxySite.settings()
        settings.trustedAuthoritiesFile = file
        return settings
    }

    @Test("an https upstream whose certificate a configured CA signed: GET and a streamed upload go through TLS")
    func trustedUpstream() async throws {
        let files = Self.files
        let upstream = try await TestUpstream.start(tls: (files.certificate, files.key))
        defer { Task { await upstream.stop() } }
        let pipeline = try ProxySite.handler(to: "https://localhost:\(upstream.port)", settings: Self.settings(trusting: files.authority))
        try await withServer(pipeline, configure: { $0.limits.maxStreamedBodyBufferBytes = 64 * 1024 }) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(30))
            let echoed = try client.get("/echo/tls?x=1")
            #expect(echoed.status == 200)
            #expect(echoed.text.hasPrefix("GET /echo/tls?x=1\n"), "\(echoed.text)")
            let size = 4 * 1024 * 1024
            #expect(Upload.arrivedIntact(try Upload.post(client, size: size, chunked: false), size: size))
            let large = try client.get("/large/3000000")
            #expect(large.body.count == 3_000_000 && TestUpstream.isPattern(large.body))
            #expect(upstream.connections == 1, "one pooled TLS connection served all three")
        }
    }

    @Test("an https upstream whose certificate nothing trusted signed: 502 and a log line naming the TLS failure")
    func untrustedUpstream() async throws {
        let files = Self.files
        let upstream = try await TestUpstream.start(tls: (files.certificate, files.key))
        defer { Task { await upstream.stop() } }
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "https://localhost:\(upstream.port)", settings: Self.settings(trusting: nil), log: log)
        try await withServer(pipeline) { _, port in
            let answer = try TestClient(port: port).get("/echo/x")
            #expect(answer.status == 502)
            #expect(upstream.requests == 0, "no request reached an upstream that is not trusted")
            #expect(log.lines.contains { $0.contains("TLS with the upstream failed") && $0.contains("localhost:\(upstream.port)") },
                    "\(log.lines)")
        }
    }

    @Test("a CA file that cannot be read: https targets answer 502 with the reason logged")
    func unreadableAuthorities() async throws {
        let upstream = try await TestUpstream.start()
        defer { Task { await upstream.stop() } }
        let log = CapturedLog()
        let pipeline = try ProxySite.handler(to: "https://localhost:\(upstream.port)",
                                             settings: Self.settings(trusting: "/nonexistent/ca.pem"), log: log)
        try await withServer(pipeline) { _, port in
            let answer = try TestClient(port: port).get("/echo/x")
            #expect(answer.status == 502)
            #expect(log.lines.contains { $0.contains("TLS is not available") }, "\(log.lines)")
        }
    }
}
