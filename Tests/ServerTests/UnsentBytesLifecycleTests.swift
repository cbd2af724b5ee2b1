import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Pipeline
@testable import Server
import TestSupport
import Testing

/// The back-pressure decisions of `ConnectionLifecycle`: past `maxUnsentResponseBytes` a
/// connection reads and dispatches nothing until its client takes enough of the responses.
@Suite("Connection lifecycle: unsent response bytes")
struct UnsentBytesLifecycleTests {
    @Test("over the bound, arriving requests are held and reads wait; draining releases them in order, then reads")
    func holdsAndReleases() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        let answer1 = state.requestComplete(upgrade: false)
        #expect(answer1 == .now)
        state.outputOverBound()
        let answer2 = state.requestComplete(upgrade: false)
        #expect(answer2 == .hold)
        let answer3 = state.requestComplete(upgrade: false)
        #expect(answer3 == .hold)
        #expect(state.requestsHeld == 2)
        #expect(state.responsesOwed == 3, "held requests are owed responses")
        let answer4 = state.mayRead()
        #expect(!answer4, "nothing more is read while the client takes nothing")
        let answer5 = state.releaseHeld()
        #expect(!answer5, "still over the bound")
        let answer6 = state.takeReadAfterDrain()
        #expect(!answer6)
        state.outputDrained()
        let answer7 = state.releaseHeld()
        #expect(answer7)
        let answer8 = state.releaseHeld()
        #expect(answer8)
        let answer9 = state.releaseHeld()
        #expect(!answer9, "nothing left")
        let answer10 = state.takeReadAfterDrain()
        #expect(answer10, "the read asked for while paused goes ahead")
        let answer11 = state.takeReadAfterDrain()
        #expect(!answer11, "once")
    }

    @Test("a request arriving after held ones waits behind them even once the output drained")
    func keepsOrder() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        state.outputOverBound()
        let answer12 = state.requestComplete(upgrade: false)
        #expect(answer12 == .hold)
        state.outputDrained()
        let answer13 = state.requestComplete(upgrade: false)
        #expect(answer13 == .hold, "not ahead of the one already waiting")
        let answer14 = state.mayRead()
        #expect(answer14 == false)
    }

    @Test("a response ending under the pipelining limit does not resume reading while requests are held")
    func pipeliningLimitWaitsForBacklog() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 1)
        let answer15 = state.requestComplete(upgrade: false)
        #expect(answer15 == .now)
        let answer16 = state.mayRead()
        #expect(!answer16)
        state.outputOverBound()
        let answer17 = state.responseEnded(keepAlive: true)
        #expect(answer17 == .keepOpen(read: false), "the client still has to take the bytes")
        state.outputDrained()
        let answer18 = state.takeReadAfterDrain()
        #expect(answer18)
    }

    @Test("held requests are not the server's work: the slow-client check applies to them")
    func heldIsNotBusy() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        let answer19 = state.requestComplete(upgrade: false)
        #expect(answer19 == .now)
        #expect(state.producingResponses)
        state.outputOverBound()
        _ = state.requestComplete(upgrade: false)
        _ = state.responseEnded(keepAlive: true)
        #expect(!state.producingResponses, "only a held request is owed")
    }

    @Test("closing drops held requests; shutdown waits for them")
    func closingDropsHeld() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        state.outputOverBound()
        _ = state.requestComplete(upgrade: false)
        let answer20 = state.quiesce()
        #expect(!answer20, "a held request is still owed its response")
        let answer21 = state.startClosing()
        #expect(answer21)
        #expect(state.requestsHeld == 0)
        state.outputDrained()
        let answer22 = state.releaseHeld()
        #expect(!answer22)
    }

    @Test("while a file is being sent, further requests wait for it; then they go and reading resumes")
    func fileInFlight() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        let first = state.requestComplete(upgrade: false)
        #expect(first == .now)
        state.fileStarted()
        let second = state.requestComplete(upgrade: false)
        #expect(second == .hold, "one open file per connection")
        let read = state.mayRead()
        #expect(!read)
        let ended = state.responseEnded(keepAlive: true)
        #expect(ended == .keepOpen(read: false))
        state.fileSent()
        let released = state.releaseHeld()
        #expect(released)
        let resumed = state.takeReadAfterDrain()
        #expect(resumed)
    }

    @Test("on an EmbeddedChannel: requests arriving while the channel is not writable are answered once it is, in order")
    func embeddedHoldAndRelease() throws {
        let connection = try EmbeddedEchoConnection()
        let channel = connection.channel, handler = connection.handler

        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        try channel.writeInbound(ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"))
        channel.embeddedEventLoop.run()
        #expect(try connection.output().isEmpty, "nothing is dispatched while the client takes nothing")
        #expect(handler.lifecycle.requestsHeld == 2)

        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.run()
        let answered = try connection.output()
        let first = try #require(answered.range(of: "path /a"))
        let second = try #require(answered.range(of: "path /b"))
        #expect(first.upperBound < second.lowerBound)
        #expect(handler.lifecycle.requestsHeld == 0)
        _ = try? channel.finish()
    }
}
