import NIOCore
import NIOEmbedded
@testable import Server
import Testing

/// `FlushBatch`: the connections of one event loop that wrote while reading flush together, in
/// one task after the loop's reads, in the order they asked; on a quiet loop the first at once.
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

    @Test("after a busy turn, every ask of a turn waits for the loop's task and is flushed there, in order, once")
    func busyTurnsBatch() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(loop: loop)
        let log = Log()
        let members = ["a", "b", "c"].map { Member($0, log) }
        for member in members { batch.add(member) }
        #expect(log.entries == ["a"])  // a quiet loop so far: the first flushes at once
        loop.run()
        #expect(log.entries == ["a", "b", "c"])
        // The last turn had three: now even the first ask waits for the turn's end.
        for member in members { batch.add(member) }
        #expect(log.entries == ["a", "b", "c"])
        loop.run()
        #expect(log.entries == ["a", "b", "c", "a", "b", "c"])
        loop.run()
        #expect(log.entries.count == 6)  // nothing twice
        try loop.syncShutdownGracefully()
    }

    @Test("once turns are down to one ask, that ask flushes at once again")
    func quietTurnsFlushAtOnce() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(loop: loop)
        let log = Log()
        let first = Member("first", log), second = Member("second", log)
        batch.add(first)
        batch.add(second)
        loop.run()                         // a turn of two
        batch.add(first)
        #expect(log.entries == ["first", "second"])  // waits: the last turn was busy
        loop.run()                         // a turn of one
        batch.add(second)
        #expect(log.entries == ["first", "second", "first", "second"])  // at once
        loop.run()
        try loop.syncShutdownGracefully()
    }

    @Test("a member that asks again while being flushed is flushed after the batch, in the next turn")
    func askingAgainWhileFlushing() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(loop: loop)
        let log = Log()
        let first = Member("first", log), second = Member("second", log), third = Member("third", log)
        batch.add(first)
        batch.add(second)
        batch.add(third)
        loop.run()  // busy from here on
        second.onFlush = {
            second.onFlush = nil
            batch.add(second)
        }
        batch.add(second)
        batch.add(third)
        loop.run()  // EmbeddedEventLoop runs tasks queued by tasks in the same run()
        #expect(log.entries == ["first", "second", "third", "second", "third", "second"])
        try loop.syncShutdownGracefully()
    }
}
