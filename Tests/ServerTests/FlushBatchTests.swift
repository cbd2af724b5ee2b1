import NIOCore
import NIOEmbedded
@testable import Server
import Testing

/// `FlushBatch`: the connections of one event loop that wrote while reading flush together, in
/// one task after the loop's reads, in the order they asked.
@Suite("Flush batch")
struct FlushBatchTests {
    final class Member: FlushBatch.Member {
        let name: String
        let log: Log
        var onFlush: (() -> Void)?
        init(_ name: String, _ log: Log) { self.name = name; self.log = log }
        func flushBatched() {
            log.entries.append(name)
            onFlush?()
        }
    }

    final class Log { var entries: [String] = [] }

    @Test("members added during one turn are flushed by the loop's next task, in order, once each; nothing before")
    func oneTaskPerTurn() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(loop: loop)
        let log = Log()
        let members = ["a", "b", "c"].map { Member($0, log) }
        for member in members { batch.add(member) }
        #expect(log.entries.isEmpty)  // the reads of this turn are not over yet
        loop.run()
        #expect(log.entries == ["a", "b", "c"])
        loop.run()
        #expect(log.entries == ["a", "b", "c"])  // nothing twice
        batch.add(members[1])
        loop.run()
        #expect(log.entries == ["a", "b", "c", "b"])  // a later turn schedules again
        try loop.syncShutdownGracefully()
    }

    @Test("a member that asks again while being flushed is flushed by a second task, after the first batch")
    func askingAgainWhileFlushing() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(loop: loop)
        let log = Log()
        let first = Member("first", log), second = Member("second", log)
        first.onFlush = {
            first.onFlush = nil
            batch.add(first)
        }
        batch.add(first)
        batch.add(second)
        loop.run()  // EmbeddedEventLoop runs tasks scheduled by tasks in the same run()
        #expect(log.entries == ["first", "second", "first"])
        try loop.syncShutdownGracefully()
    }
}
