import Pipeline
import Server
import TestSupport
import Testing

/// HTTP/2 frames written by hand (RFC 9113 section 4.1), for clients no real HTTP/2 library sends.
private enum Frame {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    static func make(type: UInt8, flags: UInt8 = 0, stream: UInt32, payload: [UInt8] = []) -> [UInt8] {
        let length = payload.count
        return [UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags,
                UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)] + payload
    }

    static let settings = make(type: 0x4, stream: 0)

    /// A GET's header block in HPACK: `:method GET`, `:scheme http` and `:path /` from the static
    /// table, `:authority` as a literal with the static table's name.
    static let getBlock: [UInt8] = [0x82, 0x86, 0x84, 0x01, 9] + Array("localhost".utf8)

    static func headers(stream: UInt32, block: [UInt8] = getBlock, endHeaders: Bool = true, endStream: Bool = false) -> [UInt8] {
        make(type: 0x1, flags: (endHeaders ? 0x4 : 0) | (endStream ? 0x1 : 0), stream: stream, payload: block)
    }

    static func reset(stream: UInt32) -> [UInt8] { make(type: 0x3, stream: stream, payload: [0, 0, 0, 0x8]) }  // CANCEL

    /// The error code of the first GOAWAY in `bytes` (the server's frames after its SETTINGS).
    static func goAwayCode(in bytes: [UInt8]) -> UInt32? {
        var offset = 0
        while offset + 9 <= bytes.count {
            let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
            let payload = offset + 9
            if bytes[offset + 3] == 0x7, payload + 8 <= bytes.count {
                return bytes[(payload + 4)..<(payload + 8)].reduce(0) { $0 << 8 | UInt32($1) }
            }
            offset = payload + length
        }
        return nil
    }
}

@Suite("HTTP/2: hostile clients are answered with GOAWAY and disconnected; the server goes on", .serialized)
struct HTTP2HostileClientTests {
    private func helloPipeline() throws -> RequestPipeline {
        try filterPipeline([], modules: [ClosureModule.registration("Hello", [.executeRequestHandler]) { _, context in
            context.response.write("hello")
            return .finishRequest
        }])
    }

    /// The server still answers a well-behaved HTTP/2 client.
    private func stillServes(_ port: Int) async throws {
        let client = try await H2TestClient.connect(port: port)
        let response = try await client.request("/after")
        #expect(response.status == 200)
        #expect(response.text == "hello")
        await client.close()
    }

    @Test func rapidResetIsAnsweredWithEnhanceYourCalmAndTheConnectionCloses() async throws {
        try await withServer(try helloPipeline(), configure: { $0.http2.maxStreamResets = 20 }) { server, port in
            let client = try TestClient(port: port)
            defer { client.close() }
            var bytes = Frame.preface + Frame.settings
            for index in 0..<60 {
                let stream = UInt32(2 * index + 1)
                bytes += Frame.headers(stream: stream) + Frame.reset(stream: stream)
            }
            try client.send(bytes)
            let answer = try client.bytesUntilClose()
            #expect(Frame.goAwayCode(in: answer) == 0xB, "ENHANCE_YOUR_CALM")
            #expect(await eventually { server.connectionCount == 0 })
            try await stillServes(port)
        }
    }

    @Test func aFloodOfContinuationFramesClosesTheConnection() async throws {
        try await withServer(try helloPipeline()) { server, port in
            let client = try TestClient(port: port)
            defer { client.close() }
            var bytes = Frame.preface + Frame.settings + Frame.headers(stream: 1, block: [0x82, 0x86], endHeaders: false)
            for _ in 0..<50 {
                // A literal header `x: y` (name and value new) in each CONTINUATION, END_HEADERS never set.
                bytes += Frame.make(type: 0x9, stream: 1, payload: [0x00, 1, 0x78, 1, 0x79])
            }
            try client.send(bytes)
            let answer = try client.bytesUntilClose()
            #expect(Frame.goAwayCode(in: answer) == 0xB, "ENHANCE_YOUR_CALM")
            #expect(await eventually { server.connectionCount == 0 })
            try await stillServes(port)
        }
    }

    @Test func bytesThatAreNotHTTP2AfterThePrefaceCloseTheConnection() async throws {
        try await withServer(try helloPipeline()) { server, port in
            let client = try TestClient(port: port)
            defer { client.close() }
            // A SETTINGS frame whose length is not a multiple of six: a FRAME_SIZE_ERROR.
            try client.send(Frame.preface + Frame.settings + Frame.make(type: 0x4, stream: 0, payload: [1, 2, 3, 4, 5]))
            let answer = try client.bytesUntilClose()
            #expect(Frame.goAwayCode(in: answer) != nil)
            #expect(await eventually { server.connectionCount == 0 })
            try await stillServes(port)
        }
    }

    /// NIO answers a stream past the acknowledged SETTINGS_MAX_CONCURRENT_STREAMS with a
    /// connection error (RFC 9113 lets an endpoint treat that stream error as one).
    @Test func aStreamOverTheAcknowledgedConcurrentLimitEndsTheConnection() async throws {
        try await withServer(try helloPipeline(), configure: { $0.http2.maxConcurrentStreams = 2 }) { server, port in
            let client = try TestClient(port: port)
            defer { client.close() }
            // The limit binds once the client acknowledged the SETTINGS that announce it.
            try client.send(Frame.preface + Frame.settings)
            var answer = try client.receiveSome()
            try client.send(Frame.make(type: 0x4, flags: 0x1, stream: 0))
            // Three streams open at once, none ended: the third is over the limit.
            try client.send([1, 3, 5].flatMap { Frame.headers(stream: $0) })
            answer += try client.bytesUntilClose()
            #expect(Frame.goAwayCode(in: answer) == 0x1, "PROTOCOL_ERROR; frames: \(Self.frameTypes(in: answer))")
            #expect(await eventually { server.connectionCount == 0 })
            try await stillServes(port)
        }
    }

    /// Each frame as type, flags, low byte of the stream and length, for failure messages.
    private static func frameTypes(in bytes: [UInt8]) -> [String] {
        var found: [String] = []
        var offset = 0
        while offset + 9 <= bytes.count {
            let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
            found.append("t\(bytes[offset + 3])f\(bytes[offset + 4])s\(bytes[offset + 8])l\(length)")
            offset += 9 + length
        }
        return found
    }
}
