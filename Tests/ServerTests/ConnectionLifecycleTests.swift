import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Pipeline
@testable import Server
import TestSupport
import Testing

/// The connection's decisions as a value, then the handler that follows them on an EmbeddedChannel.
@Suite("Connection lifecycle")
struct ConnectionLifecycleTests {
    @Test("pipelining: reading pauses at the limit and the held read is issued when a response ends")
    func backPressure() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 2)
        state.requestDispatched(upgrade: false)
        let result1 = state.mayRead()
        #expect(result1)
        state.requestDispatched(upgrade: false)
        #expect(state.readPaused)
        let result2 = state.mayRead()
        #expect(!result2, "the read waits")
        let result3 = state.responseEnded(keepAlive: true)
        #expect(result3 == .keepOpen(read: true))
        let result4 = state.mayRead()
        #expect(result4)
        let result5 = state.responseEnded(keepAlive: true)
        #expect(result5 == .keepOpen(read: false))
        #expect(state.phase == .open)
    }

    @Test("an error after pipelined requests is answered once they are, then the connection closes")
    func deferredError() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        state.requestDispatched(upgrade: false)
        state.headArrived()
        let result6 = state.refuse(.headersTooLarge(limit: 10))
        #expect(result6 == .deferred)
        #expect(!state.acceptsRequests)
        #expect(state.input == .idle)
        let result7 = state.refuse(.requestTimeout)
        #expect(result7 == .ignored, "one answer per connection")
        let result8 = state.responseEnded(keepAlive: true)
        #expect(result8 == .answerAndClose(.headersTooLarge(limit: 10)))
        let result9 = state.startClosing()
        #expect(result9)
        let result10 = state.startClosing()
        #expect(!result10, "closing starts once")
        let result11 = state.responseEnded(keepAlive: true)
        #expect(result11 == .nothing)
    }

    @Test("an error with nothing owed is answered at once")
    func immediateError() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        state.bytesWithoutRequest()
        #expect(state.input == .partialHead)
        let result12 = state.refuse(.requestTimeout)
        #expect(result12 == .answerNow)
        #expect(state.phase == .failing(.requestTimeout))
    }

    @Test("shutdown: an idle connection closes now; a busy one announces close on its last response")
    func quiesce() {
        var idle = ConnectionLifecycle(maxPipelinedRequests: 16)
        let result13 = idle.quiesce()
        #expect(result13)
        #expect(idle.isClosing)

        var busy = ConnectionLifecycle(maxPipelinedRequests: 16)
        busy.requestDispatched(upgrade: false)
        busy.requestDispatched(upgrade: false)
        let result14 = busy.quiesce()
        #expect(!result14)
        #expect(busy.announcesKeepAlive(requestWantsIt: true, endOfMessageCloses: false), "another response follows")
        let result15 = busy.responseEnded(keepAlive: true)
        #expect(result15 == .keepOpen(read: false))
        #expect(!busy.announcesKeepAlive(requestWantsIt: true, endOfMessageCloses: false), "the last one says close")
        let result16 = busy.responseEnded(keepAlive: true)
        #expect(result16 == .close)
    }

    @Test("shutdown while a request is arriving lets it arrive and be answered")
    func quiesceWhileReceiving() {
        var state = ConnectionLifecycle(maxPipelinedRequests: 16)
        state.headArrived()
        let result17 = state.quiesce()
        #expect(!result17)
        #expect(state.acceptsRequests)
        state.requestReceived()
        state.requestDispatched(upgrade: false)
        let result18 = state.responseEnded(keepAlive: true)
        #expect(result18 == .close)
    }

    @Test("an upgrade request is answered and then the connection closes; Connection: close closes")
    func upgradeAndClose() {
        var upgrade = ConnectionLifecycle(maxPipelinedRequests: 16)
        upgrade.requestDispatched(upgrade: true)
        #expect(!upgrade.acceptsRequests)
        let result19 = upgrade.responseEnded(keepAlive: true)
        #expect(result19 == .close)

        var close = ConnectionLifecycle(maxPipelinedRequests: 16)
        close.requestDispatched(upgrade: false)
        #expect(!close.announcesKeepAlive(requestWantsIt: false, endOfMessageCloses: false))
        #expect(!close.announcesKeepAlive(requestWantsIt: true, endOfMessageCloses: true))
        let result20 = close.responseEnded(keepAlive: false)
        #expect(result20 == .close)
    }

    @Test("on an EmbeddedChannel: two pipelined requests, keep-alive then close, in order")
    func embeddedPipelining() throws {
        let connection = try EmbeddedEchoConnection()
        let channel = connection.channel, handler = connection.handler

        try channel.writeInbound(ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        channel.embeddedEventLoop.run()
        let output = try connection.output()
        let first = try #require(output.range(of: "path /a"))
        let second = try #require(output.range(of: "path /b"))
        #expect(first.upperBound < second.lowerBound)
        let heads = output.components(separatedBy: "HTTP/1.1 200 OK").dropFirst()
        #expect(heads.count == 2)
        #expect(heads.first?.contains("Connection: close") == false, "\(output)")
        #expect(heads.last?.contains("Connection: close") == true, "\(output)")
        #expect(handler.lifecycle.isClosing)
        _ = try? channel.finish()
    }
}
