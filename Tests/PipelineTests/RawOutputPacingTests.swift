import Foundation
@testable import Pipeline
import Testing
import TestSupport

/// A sink that takes `budget` more raw writes, then reports it cannot take more until the test
/// grants more (as the server's sink does while the client is not reading).
private final class ThrottledSink: ResponseSink {
    var budget = 0
    var waiter: (() -> Void)?
    var raw: [UInt8] = []
    var ended: [Bool] = []

    func writeHead(_ head: ResponseHead) {}
    func writeBody(_ bytes: [UInt8]) {}
    func writeRaw(_ bytes: [UInt8]) {
        raw += bytes
        budget -= 1
    }
    func endResponse(keepAlive: Bool) { ended.append(keepAlive) }
    var canTakeMore: Bool { budget > 0 }
    func whenCanTakeMore(_ resume: @escaping () -> Void) { waiter = resume }

    /// Lets one more write through; false when nothing was waiting.
    func grant() -> Bool {
        guard let resume = waiter else { return false }
        waiter = nil
        budget = 1
        resume()
        return true
    }
}

/// A sink that never reports it can take more but calls back at once when asked.
private final class ImpatientSink: ResponseSink {
    var raw: [UInt8] = []
    var ended = 0
    func writeHead(_ head: ResponseHead) {}
    func writeBody(_ bytes: [UInt8]) {}
    func writeRaw(_ bytes: [UInt8]) { raw += bytes }
    func endResponse(keepAlive: Bool) { ended += 1 }
    var canTakeMore: Bool { false }
}

/// Splits raw response bytes at the blank line: the head as text, then the body bytes.
func splitRawResponse(_ raw: [UInt8]) -> (head: String, body: [UInt8]) {
    let marker: [UInt8] = [13, 10, 13, 10]
    guard let end = (0...(max(0, raw.count - 4))).first(where: { Array(raw[$0..<min(raw.count, $0 + 4)]) == marker }) else {
        return (String(decoding: raw, as: UTF8.self), [])
    }
    return (String(decoding: raw[..<(end + 4)], as: UTF8.self), Array(raw[(end + 4)...]))
}

/// The payload of a chunked body; nil when the framing is broken.
func dechunk(_ body: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    var index = 0
    while true {
        guard let lineEnd = (index..<max(index, body.count - 1)).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }),
              let size = Int(String(decoding: body[index..<lineEnd], as: UTF8.self), radix: 16) else { return nil }
        index = lineEnd + 2
        if size == 0 { return index + 2 == body.count ? out : nil }
        guard index + size + 2 <= body.count else { return nil }
        out += body[index..<(index + size)]
        index += size + 2
    }
}

/// Responses through SEND_RAW_DATA filters: a file is pumped chunk by chunk as the sink can take
/// it, the request waits at its final send, and the held head is bounded.
@Suite struct RawOutputPacingTests {
    static let fileSize = 5 * ResponseFile.chunkSize + 123

    private static func temporaryFile() throws -> (path: String, bytes: [UInt8]) {
        let bytes = (0..<fileSize).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        let path = ScratchDirectory.file("raw-pump")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    private static func pipeline(file: String, log: EventLog, filter: ScriptedFilter,
                                 logger: CapturedLog = CapturedLog()) throws -> RequestPipeline {
        let handler = recordingModule("Files", log: log, notifications: [.executeRequestHandler, .logRequest, .endRequest]) { n, c in
            if n == .stage(.executeRequestHandler, isPost: false) {
                c.response.write(ResponseFile(path: file, length: fileSize))
            }
            return .continue
        }
        return RequestPipeline(site: SiteInfo(physicalPath: "/srv/site"), modules: [handler],
                               filters: try FilterChain([try FilterRegistration(name: filter.name, filter: filter)]),
                               logger: logger.logger())
    }

    private static func passThrough() -> ScriptedFilter {
        ScriptedFilter("Raw", flags: .sendRawData) { _, _ in .nextNotification }
    }

    @Test func aFileGoesOutOneChunkPerGrantAndLogRequestWaitsForTheEnd() throws {
        let (path, bytes) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = EventLog()
        let driver = InProcessDriver(pipeline: try Self.pipeline(file: path, log: log, filter: Self.passThrough()))
        let sink = ThrottledSink()
        driver.connection.sink = sink
        driver.connection.enqueue(IncomingRequest(target: "/big"))
        #expect(sink.raw.isEmpty, "nothing is read while the sink cannot take more")
        #expect(!log.all.contains("Files:LogRequest"))
        var grants = 0
        while sink.grant() {
            grants += 1
            if sink.ended.isEmpty { #expect(!log.all.contains("Files:LogRequest"), "the body is not out yet (grant \(grants))") }
        }
        #expect(grants >= Self.fileSize / ResponseFile.chunkSize, "one chunk per grant, not the whole file at once")
        #expect(sink.ended == [true])
        #expect(log.all.contains("Files:LogRequest") && log.all.contains("Files:EndRequest"))
        let (head, body) = splitRawResponse(sink.raw)
        #expect(head.contains("Content-Length: \(Self.fileSize)\r\n"))
        let intact = body == bytes
        #expect(intact)
        #expect(driver.connection.completedRequests == 1)
    }

    @Test func aFileAfterAFiltersOwnHeadIsPacedToo() throws {
        let (path, bytes) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = EventLog()
        let header = ScriptedFilter("Header", flags: .preprocHeaders) { context, n in
            if case .preprocHeaders = n {
                try? context.sendResponseHeader(status: "200 OK", headers: "Content-Length: \(Self.fileSize)\r\n\r\n")
            }
            return .nextNotification
        }
        let driver = InProcessDriver(pipeline: try Self.pipeline(file: path, log: log, filter: header))
        let sink = ThrottledSink()
        sink.budget = 1  // the filter's head
        driver.connection.sink = sink
        driver.connection.enqueue(IncomingRequest(target: "/big"))
        var grants = 0
        while sink.grant() { grants += 1 }
        #expect(grants >= Self.fileSize / ResponseFile.chunkSize)
        let (head, body) = splitRawResponse(sink.raw)
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        let intact = body == bytes
        #expect(intact)
        #expect(log.all.contains("Files:LogRequest"))
        #expect(sink.ended.count == 1)
    }

    @Test func aSinkThatResumesAtOnceStillGetsTheWholeFile() throws {
        let (path, bytes) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = EventLog()
        let driver = InProcessDriver(pipeline: try Self.pipeline(file: path, log: log, filter: Self.passThrough()))
        let sink = ImpatientSink()
        driver.connection.sink = sink
        driver.connection.enqueue(IncomingRequest(target: "/big"))
        #expect(sink.ended == 1)
        let intact = splitRawResponse(sink.raw).body == bytes
        #expect(intact)
        #expect(log.all.contains("Files:LogRequest"))
    }

    @Test func closingWhilePausedCompletesTheRequestAndTheConnection() throws {
        let (path, _) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = EventLog()
        let driver = InProcessDriver(pipeline: try Self.pipeline(file: path, log: log, filter: Self.passThrough()))
        let sink = ThrottledSink()
        driver.connection.sink = sink
        driver.connection.enqueue(IncomingRequest(target: "/big"))
        #expect(sink.grant() && sink.grant())
        #expect(!log.all.contains("Files:LogRequest"))
        driver.close()
        #expect(log.all.contains("Files:LogRequest") && log.all.contains("Files:EndRequest"), "as on a client abort")
        #expect(driver.connection.isClosed)
        #expect(sink.raw.count < Self.fileSize, "the rest of the file is not read for a client that is gone")
        #expect(!sink.grant() || sink.raw.count < Self.fileSize, "a late wake-up sends nothing more")
    }

    @Test func aFilterThatResizesALargeBodyGetsChunkedFraming() throws {
        let (path, bytes) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let doubler = ScriptedFilter("Doubler", flags: .sendRawData) { _, n in
            if case .sendRawData(let data) = n, data.bytes.first != UInt8(ascii: "H") { data.bytes += data.bytes.prefix(3) }
            return .nextNotification
        }
        let response = try #require(InProcessDriver(pipeline: try Self.pipeline(file: path, log: EventLog(), filter: doubler))
            .send(IncomingRequest(target: "/big")))
        let (head, body) = splitRawResponse(response.raw)
        #expect(!head.contains("Content-Length"))
        #expect(head.contains("Transfer-Encoding: chunked\r\n"))
        var expected: [UInt8] = []
        var offset = 0
        while offset < bytes.count {
            let chunk = bytes[offset..<min(bytes.count, offset + ResponseFile.chunkSize)]
            expected += chunk + chunk.prefix(3)
            offset += ResponseFile.chunkSize
        }
        let intact = dechunk(body) == expected
        #expect(intact)
        #expect(response.keepAlive)
    }

    @Test func overHTTP10AResizedLargeBodyEndsWithTheConnection() throws {
        let (path, bytes) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trimmer = ScriptedFilter("Trimmer", flags: .sendRawData) { _, n in
            if case .sendRawData(let data) = n, data.bytes.first != UInt8(ascii: "H") { data.bytes.removeLast() }
            return .nextNotification
        }
        let driver = InProcessDriver(pipeline: try Self.pipeline(file: path, log: EventLog(), filter: trimmer))
        let response = try #require(driver.send(IncomingRequest(target: "/big", version: .http1_0,
                                                                headers: [("Connection", "keep-alive")])))
        let (head, body) = splitRawResponse(response.raw)
        #expect(!head.contains("Content-Length") && !head.contains("Transfer-Encoding"))
        #expect(head.contains("Connection: close\r\n") && !head.contains("keep-alive"))
        #expect(body.count == bytes.count - (Self.fileSize + ResponseFile.chunkSize - 1) / ResponseFile.chunkSize)
        #expect(!response.keepAlive)
    }

    @Test func aFilterThatResizesOnlyAfterTheHoldClosesTheConnection() throws {
        let (path, bytes) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let late = ScriptedFilter("Late", flags: .sendRawData) { _, n in
            if case .sendRawData(let data) = n, data.bytes.count < ResponseFile.chunkSize, data.bytes.first != UInt8(ascii: "H") {
                data.bytes += [1, 2, 3]
            }
            return .nextNotification
        }
        let captured = CapturedLog()
        let pipeline = try Self.pipeline(file: path, log: EventLog(), filter: late, logger: captured)
        let response = try #require(InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/big")))
        let (head, body) = splitRawResponse(response.raw)
        #expect(head.contains("Content-Length: \(Self.fileSize)\r\n"), "sent before the change was seen")
        let intact = body == bytes + [1, 2, 3]
        #expect(intact)
        #expect(!response.keepAlive, "the framing is broken: the connection closes")
        #expect(captured.lines.contains { $0.hasPrefix("warning:") && $0.contains("'Late'") })
    }

    @Test func aFilterThatResizesASmallBodyStillGetsTheCorrectedLength() throws {
        let log = EventLog()
        let grower = ScriptedFilter("Grower", flags: .sendRawData) { _, n in
            if case .sendRawData(let data) = n, data.bytes.first != UInt8(ascii: "H") { data.bytes += data.bytes }
            return .nextNotification
        }
        let handler = recordingModule("Small", log: log, notifications: .executeRequestHandler) { _, c in
            c.response.write(String(repeating: "x", count: ResponseFile.chunkSize / 2))
            return .continue
        }
        let response = try #require(InProcessDriver(pipeline: try filterPipeline([grower], modules: [handler]))
            .send(IncomingRequest(target: "/")))
        let (head, body) = splitRawResponse(response.raw)
        #expect(head.contains("Content-Length: \(ResponseFile.chunkSize)\r\n"))
        #expect(body.count == ResponseFile.chunkSize)
        #expect(response.keepAlive)
    }

    @Test func reframingKeepsOneFramingHeader() {
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nTransfer-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n".utf8)
        let chunked = String(decoding: HTTPResponseSerializer.reframing(head, as: .chunked), as: UTF8.self)
        #expect(chunked == "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nConnection: keep-alive\r\n\r\n")
        let untilClose = String(decoding: HTTPResponseSerializer.reframing(head, as: .untilClose), as: UTF8.self)
        #expect(untilClose == "HTTP/1.1 200 OK\r\nConnection: close\r\nX-A: 1\r\n\r\n")
        let bare = Array("HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\n".utf8)
        #expect(String(decoding: HTTPResponseSerializer.reframing(bare, as: .length(7)), as: UTF8.self)
            == "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 7\r\n\r\n")
    }
}
