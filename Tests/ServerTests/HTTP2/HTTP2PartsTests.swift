import NIOCore
@testable import Server
import Testing

@Suite("HTTP/2 and TLS pieces, without a socket")
struct HTTP2PartsTests {
    @Test func thePrefaceIsRecognisedByteByByte() {
        let preface = H2CPriorKnowledge.preface
        #expect(H2CPriorKnowledge.verdict(ByteBuffer(bytes: preface).readableBytesView) == .http2)
        #expect(H2CPriorKnowledge.verdict(ByteBuffer(bytes: preface + Array("more".utf8)).readableBytesView) == .http2)
        #expect(H2CPriorKnowledge.verdict(ByteBuffer(bytes: preface.prefix(5)).readableBytesView) == .undecided)
        #expect(H2CPriorKnowledge.verdict(ByteBuffer(string: "PRI * HTTP/1.1\r\n").readableBytesView) == .http1)
        #expect(H2CPriorKnowledge.verdict(ByteBuffer(string: "GET / HTTP/1.1\r\n").readableBytesView) == .http1)
    }

    /// A TLS 1.2 ServerHello record: record header, handshake header, version, random, a session id
    /// of `idLength` bytes, then the suite.
    func serverHello(suite: UInt16, idLength: Int) -> [UInt8] {
        var body: [UInt8] = [0x03, 0x03] + Array(repeating: 0xAB, count: 32) + [UInt8(idLength)] + Array(repeating: 7, count: idLength)
        body += [UInt8(suite >> 8), UInt8(suite & 0xFF), 0x00]
        let handshake: [UInt8] = [0x02, 0x00, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
        return [0x16, 0x03, 0x03, UInt8(handshake.count >> 8), UInt8(handshake.count & 0xFF)] + handshake
    }

    @Test func theSuiteIsReadFromTheServerHello() {
        #expect(ServerHelloObserver.read(ByteBuffer(bytes: serverHello(suite: 0x1302, idLength: 32))) == .found(0x1302))
        #expect(ServerHelloObserver.read(ByteBuffer(bytes: serverHello(suite: 0xC02F, idLength: 0))) == .found(0xC02F))
        #expect(ServerHelloObserver.read(ByteBuffer(bytes: Array(serverHello(suite: 0x1301, idLength: 32).prefix(60)))) == .needMore)
        #expect(ServerHelloObserver.read(ByteBuffer(bytes: [0x17, 0x03, 0x03, 0x00, 0x10])) == .notAServerHello)
        #expect(ServerHelloObserver.keyBits(ofSuite: 0x1301) == 128)
        #expect(ServerHelloObserver.keyBits(ofSuite: 0x1303) == 256)
        #expect(ServerHelloObserver.keyBits(ofSuite: 0xC030) == 256)
        #expect(ServerHelloObserver.keyBits(ofSuite: 0x002F) == nil)
    }

    @Test func aFilterFramedResponseIsReadBackIntoAHead() throws {
        var reader = FramedResponseReader(limit: 1024)
        #expect(try reader.read(Array("HTTP/1.1 302 Found\r\nLoca".utf8)).isEmpty)
        let parts = try reader.read(Array("tion: /x\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nabc".utf8))
        guard parts.count == 2, case .head(let head) = parts[0], case .body(let body) = parts[1] else {
            Issue.record("\(parts)")
            return
        }
        #expect(head.status == 302 && head.reason == "Found")
        #expect(head.headers["Location"] == "/x")
        #expect(head.contentLength == 3)
        #expect(body == Array("abc".utf8))
        guard case .body(let more) = try reader.read(Array("def".utf8)).first else {
            Issue.record("no body")
            return
        }
        #expect(more == Array("def".utf8))
    }

    @Test func aChunkedOrUnreadableFilterHeadIsRefused() {
        var chunked = FramedResponseReader(limit: 1024)
        #expect(throws: FramedResponseReader.Failure.chunkedBody) {
            try chunked.read(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        }
        var garbage = FramedResponseReader(limit: 1024)
        #expect(throws: FramedResponseReader.Failure.notAStatusLine("hello")) { try garbage.read(Array("hello\r\n\r\n".utf8)) }
        var long = FramedResponseReader(limit: 16)
        #expect(throws: FramedResponseReader.Failure.headTooLarge(limit: 16)) {
            try long.read(Array("HTTP/1.1 200 OK\r\nX-Long: aaaaaaaaaaaaaaa".utf8))
        }
    }
}
