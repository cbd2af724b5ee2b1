@testable import Server
import Testing

/// Routing raw bytes (READ_RAW_DATA on a shared listener) the way the parsed request will route.
@Suite("First request head")
struct FirstRequestHeadTests {
    @Test func hostHeaderRoutes() {
        let head = Array("GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n".utf8)
        #expect(FirstRequestHead.scan(head, limit: 1024) == .complete(host: "alpha.test"))
    }

    @Test func absoluteFormAuthorityWinsOverHost() {
        let head = Array("GET http://beta.test:8080/x HTTP/1.1\r\nHost: alpha.test\r\n\r\n".utf8)
        #expect(FirstRequestHead.scan(head, limit: 1024) == .complete(host: "beta.test:8080"))
        #expect(RequestTarget.authority("http://user@beta.test/x") == "beta.test")
        #expect(RequestTarget.authority("/x") == nil)
    }

    @Test func incompleteHeadWaits() {
        #expect(FirstRequestHead.scan(Array("GET / HTTP/1.1\r\nHost: a".utf8), limit: 1024) == .incomplete)
    }
}
