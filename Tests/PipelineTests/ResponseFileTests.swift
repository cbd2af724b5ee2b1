import Foundation
import Pipeline
import Testing
import TestSupport

/// A file body part as the pipeline sees it: counted in Content-Length, sent in order with bytes,
/// and read in chunks where bytes are needed (the in-process driver).
@Suite struct ResponseFileTests {
    private static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = ScratchDirectory.file("response-file")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func fileRangeBetweenBytesKeepsOrderAndLength() throws {
        let content = (0..<(3 * ResponseFile.chunkSize + 17)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = try Self.temporaryFile(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let range = ResponseFile(path: path, offset: 5, length: content.count - 10)
        let module = ClosureModule.registration("Files", .executeRequestHandler) { _, context in
            context.response.write("<")
            context.response.write(range)
            context.response.write(">")
            return .finishRequest
        }
        let driver = InProcessDriver(pipeline: RequestPipeline(site: SiteInfo(physicalPath: "/nonexistent"), modules: [module]))
        let response = try #require(driver.send(IncomingRequest(target: "/f")))
        #expect(response.head.contentLength == content.count - 10 + 2)
        #expect(response.body == Array("<".utf8) + Array(content[5..<(content.count - 5)]) + Array(">".utf8))
    }

    @Test func aFileThatCannotBeOpenedSendsNothingOfIt() {
        let missing = ResponseFile(path: "/nonexistent/file", length: 10)
        var chunks = 0
        #expect(missing.readChunks { _ in chunks += 1 } == 0)
        #expect(chunks == 0)
    }
}
