import Testing
@testable import Pipeline
import TestSupport

/// The response writer's header check, which now follows each change of a header list instead of
/// rescanning the whole list after every change.
@Suite struct ResponseHeaderCheckTests {
    @Test func tokenBytesAreRFC9110Tchars() {
        let separators = Array("\"(),/:;<=>?@[\\]{}".utf8)
        for byte in UInt8.min...UInt8.max {
            let tchar = byte > 32 && byte < 127 && !separators.contains(byte)
            #expect(HTTPResponseSerializer.isTokenByte(byte) == tchar, "byte \(byte)")
        }
    }

    @Test func theUnsendableMarkFollowsEveryChange() {
        var headers = HeaderList()
        headers.add("X-Good", "fine")
        #expect(!headers.mayHoldUnsendable)
        headers.add("X-Split", "a\r\nInjected: 1")
        #expect(headers.mayHoldUnsendable)
        #expect(HTTPResponseSerializer.violation(in: headers)?.name == "X-Split")
        headers.remove("X-Split")
        #expect(!headers.mayHoldUnsendable)
        headers.set("Bad Name", "v")
        #expect(HTTPResponseSerializer.violation(in: headers)?.name == "Bad Name")
        headers.set("Bad Name", "v2")
        #expect(headers.mayHoldUnsendable, "replacing the value leaves the name as bad as it was")
        headers.remove("bad name")
        #expect(!headers.mayHoldUnsendable)
        headers.set("X-Good", "x\u{0}y")
        #expect(HTTPResponseSerializer.violation(in: headers)?.name == "X-Good")
        headers.set("X-Good", "clean again")
        #expect(!headers.mayHoldUnsendable && HTTPResponseSerializer.violation(in: headers) == nil)
        // Lists made whole (request headers) are checked when asked.
        #expect(HTTPResponseSerializer.violation(in: HeaderList([("A", "1"), ("B", "2\n")])) != nil)
        #expect(HTTPResponseSerializer.violation(in: HeaderList([("A", "1")])) == nil)
    }

    func answer(_ change: @escaping @Sendable (HttpResponse) -> Void) -> CollectedResponse? {
        let pipeline = makePipeline([recordingModule("Setter", log: EventLog(), notifications: .executeRequestHandler) { _, context in
            change(context.response)
            context.response.write("body")
            return .finishRequest
        }])
        return InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
    }

    @Test func aModuleThatLeavesASplittingHeaderGetsA500() {
        let response = answer { $0.headers.set("X-Split", "a\r\nInjected: 1") }
        #expect(response?.status == 500)
        #expect(response?.header("Injected") == nil && response?.header("X-Split") == nil)
    }

    /// `Server` travels beside the response's own list (no copy of it) and is written once, after
    /// the response's headers, as when it was appended to a copied list.
    @Test func serverIsAddedOnceAfterTheResponsesOwnHeaders() throws {
        let plain = try #require(answer { $0.headers.set("X-A", "1") })
        #expect(plain.head.headers.entries.map(\.name) == ["X-A", "Server"])
        #expect(plain.header("Server") == "isapi-bridge/0.1")
        let text = String(decoding: HTTPResponseSerializer.head(plain.head, keepAlive: true, date: "D"), as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK\r\nX-A: 1\r\nServer: isapi-bridge/0.1\r\nDate: D\r\nContent-Length: 4\r\n\r\n")

        let own = try #require(answer { $0.headers.set("server", "mine") })
        #expect(own.head.headers.values("Server") == ["mine"])
        let ownText = String(decoding: HTTPResponseSerializer.head(own.head, keepAlive: true, date: "D"), as: UTF8.self)
        #expect(ownText == "HTTP/1.1 200 OK\r\nserver: mine\r\nDate: D\r\nContent-Length: 4\r\n\r\n")

        var head = plain.head
        head.server = "bad\r\nInjected: 1"
        #expect(HTTPResponseSerializer.violation(in: head)?.name == "Server")
    }

    @Test func aSplittingHeaderRemovedBeforeSendingIsForgotten() {
        let response = answer { response in
            response.headers.set("X-Split", "a\r\nInjected: 1")
            response.headers.set("X-Kept", "yes")
            response.headers.remove("X-Split")
        }
        #expect(response?.status == 200)
        #expect(response?.header("X-Kept") == "yes")
        #expect(response?.bodyText == "body")
    }
}
