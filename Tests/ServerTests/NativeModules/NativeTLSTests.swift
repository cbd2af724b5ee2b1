import NativeModules
import Pipeline
import TestSupport
import Testing

/// A native module reading the connection's TLS through `GetRawHttpRequest()->pSslInfo` and
/// `GetClientCertificate` (Fixtures/tls_probe.cpp), over loopback with a real TLS client.
@Suite("Native modules: HTTP_SSL_INFO", .serialized)
struct NativeTLSTests {
    @Test func pSslInfoDescribesTheConnectionAndItsClientCertificate() async throws {
        let probe = try nativeRegistration("tls_probe", image: try NativeFixtures.fixture("tls_probe"))
        let pipeline = makePipeline(modules: [probe])
        let tls = try TLSCertificates.listener(clientCertificates: .negotiate)
        try await withServer(pipeline, configure: { $0.tls = { tls } }) { _, port in
            let alice = try await TLSTestClient.get(port: port, "/", .init(clientCertificate: TLSCertificates.alice))
            let size = TLSCertificates.alice.der.count
            #expect(alice.response?.text == "ssl 256 128 C=US, O=Localhost Shop, CN=localhost | C=US, O=isapi-bridge tests, CN=Test Root cert=\(size) first=30 negotiated=1 get=00000000 \(size) url=https")
            let anonymous = try await TLSTestClient.get(port: port, "/")
            #expect(anonymous.response?.text == "ssl 256 128 C=US, O=Localhost Shop, CN=localhost | C=US, O=isapi-bridge tests, CN=Test Root cert=none negotiated=0 get=80070490 0 url=https")
        }
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            defer { client.close() }
            #expect(try client.get("/").text == "plain get=80070490 0 url=http")
        }
        pipeline.terminate()
    }
}
