import Foundation
import NIOCore
import NIOEmbedded
@testable import Server
import Synchronization
import TestSupport
import Testing

private final class Completions: Sendable {
    let names = Mutex<[String]>([])
    func add(_ name: String) { names.withLock { $0.append(name) } }
    var all: [String] { names.withLock { $0 } }
}

/// `FileRegionSlicing` on an EmbeddedChannel: what reaches the socket, in which order, and when.
@Suite("File regions sent a slice per loop turn")
struct FileRegionSlicingTests {
    @Test("a large region goes out a slice per loop turn; a write behind it waits; its promise completes with the last slice")
    func slicesInOrder() throws {
        let path = ScratchDirectory.file("slicing")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try NIOFileHandle(_deprecatedPath: path)
        defer { try? handle.close() }
        let slice = FileRegionSlicing.sliceBytes
        let channel = EmbeddedChannel(handler: FileRegionSlicing())
        let regionWritten = channel.eventLoop.makePromise(of: Void.self)
        let afterWritten = channel.eventLoop.makePromise(of: Void.self)
        let done = Completions()
        regionWritten.futureResult.whenSuccess { done.add("region") }
        afterWritten.futureResult.whenSuccess { done.add("after") }
        let slices = FileRegionSlicing.largestWhole / slice + 1
        let end = 100 + FileRegionSlicing.largestWhole + 5
        let region = FileRegion(fileHandle: handle, readerIndex: 100, endIndex: end)
        channel.write(IOData.fileRegion(region), promise: regionWritten)
        channel.write(IOData.byteBuffer(ByteBuffer(string: "after")), promise: afterWritten)
        channel.flush()

        var seen: [String] = []
        for _ in 0...slices {
            while let data = try channel.readOutbound(as: IOData.self) {
                switch data {
                case .fileRegion(let part): seen.append("file \(part.readerIndex)..<\(part.endIndex)")
                case .byteBuffer(let buffer): seen.append(String(buffer: buffer))
                }
            }
            if seen.count == 1 { #expect(done.all.isEmpty, "nothing is complete after the first slice") }
            channel.embeddedEventLoop.advanceTime(by: FileRegionSlicing.pause)
        }
        let expected = (0..<slices).map { "file \(100 + $0 * slice)..<\(min(end, 100 + ($0 + 1) * slice))" } + ["after"]
        #expect(seen == expected)
        #expect(done.all == ["region", "after"])
        _ = try channel.finish()
    }

    @Test("a region up to largestWhole passes as it is")
    func smallRegionPasses() throws {
        let path = ScratchDirectory.file("slicing-small")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try NIOFileHandle(_deprecatedPath: path)
        defer { try? handle.close() }
        let channel = EmbeddedChannel(handler: FileRegionSlicing())
        let region = FileRegion(fileHandle: handle, readerIndex: 0, endIndex: FileRegionSlicing.largestWhole)
        try channel.writeAndFlush(IOData.fileRegion(region)).wait()
        guard case .fileRegion(let out)? = try channel.readOutbound(as: IOData.self) else {
            Issue.record("the region reaches the socket")
            return
        }
        #expect(out.readableBytes == FileRegionSlicing.largestWhole)
        _ = try channel.finish()
    }
}
