import NIOCore
import NIOEmbedded
@testable import Server
import Testing

/// `IdleSweeper`, the one timer per event loop behind every connection's idle and slow-client
/// checks, on an embedded loop whose clock the test moves.
@Suite("Idle sweeper")
struct IdleSweeperTests {
    final class Member: IdleSweeper.Member {
        var sweepIndex = -1
        var lastReadTick: UInt64 = 0
        var quietCalls = 0
        var onQuiet: (() -> Void)?
        func quiet() {
            quietCalls += 1
            onQuiet?()
        }
    }

    @Test("a member is told after each whole check interval without a read, never before, and a read starts the count again")
    func checksEachInterval() throws {
        let loop = EmbeddedEventLoop()
        let sweeper = IdleSweeper(loop: loop, checkInterval: .milliseconds(400))
        let member = Member()
        member.lastReadTick = sweeper.tick
        sweeper.add(member)
        loop.advanceTime(by: .milliseconds(400))
        #expect(member.quietCalls == 0)  // the read may have come late in its tick: not a whole interval yet
        loop.advanceTime(by: .milliseconds(100))
        #expect(member.quietCalls == 1)
        loop.advanceTime(by: .milliseconds(400))
        #expect(member.quietCalls == 2)
        member.lastReadTick = sweeper.tick  // a read
        loop.advanceTime(by: .milliseconds(400))
        #expect(member.quietCalls == 2)
        loop.advanceTime(by: .milliseconds(100))
        #expect(member.quietCalls == 3)
        sweeper.remove(member)
        try loop.syncShutdownGracefully()
    }

    @Test("members leave (one closing another while told), the timer stops with the last and starts with the next")
    func membership() throws {
        let loop = EmbeddedEventLoop()
        let sweeper = IdleSweeper(loop: loop, checkInterval: .milliseconds(400))
        let members = (0..<3).map { _ in Member() }
        for member in members { sweeper.add(member) }
        // The first one told removes the others, as a close can end other connections.
        members[0].onQuiet = { for member in members { sweeper.remove(member) } }
        loop.advanceTime(by: .milliseconds(500))
        #expect(members.map(\.quietCalls) == [1, 0, 0])  // the removed ones are not told
        #expect(members.allSatisfy { $0.sweepIndex == -1 })
        let tickAtStop = sweeper.tick
        loop.advanceTime(by: .seconds(5))
        #expect(sweeper.tick == tickAtStop)  // no timer while nobody is registered

        let late = Member()
        late.lastReadTick = sweeper.tick
        sweeper.add(late)
        loop.advanceTime(by: .milliseconds(500))
        #expect(late.quietCalls == 1)
        sweeper.remove(late)
        sweeper.remove(late)  // twice is harmless
        try loop.syncShutdownGracefully()
    }
}
