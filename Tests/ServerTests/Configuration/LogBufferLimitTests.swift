import Foundation
import Pipeline
import RequestLog
import TestSupport
import Testing

@Suite("W3C log buffer bound", .serialized)
struct LogBufferLimitTests {
    /// The writer's timer never fires during the test (one hour), so every line waits in the buffer:
    /// past the limit lines are dropped, counted, and the file says how many are missing.
    @Test("a full buffer drops lines, counts them and leaves a #Remark with the count in the log")
    func fullBufferDropsAndCounts() async throws {
        let directory = try ScratchDirectory.make("w3c-bound")
        let writer = W3CLogWriter(directory: directory, flushInterval: .seconds(3600), pendingLimit: 4096)
        let handler = ClosureModule.registration("Text", .executeRequestHandler) { _, context in
            context.response.write("ok")
            return .finishRequest
        }
        let pipeline = RequestPipeline(site: SiteInfo(physicalPath: "/nonexistent"), modules: [handler], observers: [writer])
        let requests = 120
        try await withServer(pipeline) { _, port in
            let client = try TestClient(port: port)
            for index in 0..<requests {
                #expect(try client.get("/request-\(index)", headers: ["User-Agent: bound-test"]).status == 200)
            }
        }
        writer.flush()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("u_ex") }
        #expect(files.count == 1)
        let text = try String(contentsOfFile: directory + "/" + files[0], encoding: .utf8)
        let lines = text.split(separator: "\r\n")
        let logged = lines.filter { !$0.hasPrefix("#") }
        let dropped = writer.droppedLines
        #expect(dropped > 0, "120 lines of about 100 bytes do not fit in 4096")
        #expect(logged.count + dropped == requests)
        #expect(logged.reduce(0) { $0 + $1.utf8.count + 2 } <= 4096 + 200, "at most one line past the limit")
        #expect(logged.last?.contains("/request-\(logged.count - 1)") == true, "the first lines are kept, in order")
        #expect(lines.last == "#Remark: \(dropped) request line(s) dropped: the log writer was 4096 bytes behind the disk")
    }
}
