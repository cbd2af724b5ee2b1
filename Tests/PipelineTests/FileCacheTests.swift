import Foundation
@testable import Pipeline
import TestSupport
import Testing

/// The file cache on its own: how long a look at the disk is trusted, its bounds, and what it keeps.
@Suite("File cache")
struct FileCacheTests {
    private final class Directory {
        let path = ScratchDirectory.file("filecache")
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        func write(_ name: String, bytes: Int) throws {
            try Data(repeating: 7, count: bytes).write(to: URL(fileURLWithPath: path + "/" + name))
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test("a look at the disk is trusted for revalidateAfter, then lookup asks for a refresh")
    func revalidation() throws {
        let directory = try Directory()
        try directory.write("a.txt", "one")
        let cache = FileCache(limits: .init(revalidateAfter: .seconds(1)))
        let start = ContinuousClock.now
        let path = directory.path + "/a.txt"
        #expect(cache.lookup(path, now: start) == nil, "never looked at")
        let file = cache.refresh(path, now: start)
        #expect(file.kind == .regularFile)
        #expect(cache.lookup(path, now: start + .milliseconds(999))?.etag == file.etag)
        try directory.write("a.txt", "two!")
        #expect(cache.lookup(path, now: start + .milliseconds(999))?.size == 3, "trusted within the second")
        #expect(cache.lookup(path, now: start + .seconds(1)) == nil, "due for a look after it")
        let fresh = cache.refresh(path, now: start + .seconds(1))
        #expect(fresh.size == 4)
        guard case .bytes(let bytes) = fresh.body else { Issue.record("a small file is held as bytes"); return }
        #expect(bytes == Array("two!".utf8))
        #expect(fresh.etag != file.etag)
    }

    @Test("an unchanged file keeps its body across refreshes; a larger file is held open, not read")
    func unchangedFileKeepsItsBody() throws {
        let directory = try Directory()
        try directory.write("big.bin", bytes: 100_000)
        let cache = FileCache(limits: .init(maxFileBytesInMemory: 65_536))
        let first = cache.refresh(directory.path + "/big.bin")
        let second = cache.refresh(directory.path + "/big.bin")
        guard case .descriptor(let a) = first.body, case .descriptor(let b) = second.body else {
            Issue.record("a file over maxFileBytesInMemory is held as a descriptor")
            return
        }
        #expect(a === b, "the same descriptor: the file was not opened again")
        #expect(cache.usage.openFiles == 1)
        #expect(cache.usage.bytes == 0)
    }

    @Test("missing, directory and unreadable paths are remembered as such")
    func kinds() throws {
        let directory = try Directory()
        let cache = FileCache()
        #expect(cache.refresh(directory.path + "/nope").kind == .missing)
        #expect(cache.refresh(directory.path).kind == .directory)
        #expect(cache.refresh("/dev/null").kind == .other)
        #expect(cache.lookup(directory.path + "/nope")?.kind == .missing)
    }

    @Test("bounds: entries, bytes and open files; the least recently used goes first")
    func bounds() throws {
        let directory = try Directory()
        for name in ["a", "b", "c"] { try directory.write(name, String(repeating: "x", count: 100)) }
        let byEntries = FileCache(limits: .init(maxEntries: 2))
        _ = byEntries.refresh(directory.path + "/a")
        _ = byEntries.refresh(directory.path + "/b")
        _ = byEntries.lookup(directory.path + "/a")  // a is now more recent than b
        _ = byEntries.refresh(directory.path + "/c")
        #expect(byEntries.usage.entries == 2)
        #expect(byEntries.lookup(directory.path + "/a") != nil)
        #expect(byEntries.lookup(directory.path + "/b") == nil, "b was used least recently")

        let byBytes = FileCache(limits: .init(maxBytes: 250))
        for name in ["a", "b", "c"] { _ = byBytes.refresh(directory.path + "/" + name) }
        #expect(byBytes.usage.bytes == 200)
        #expect(byBytes.usage.entries == 2)

        try directory.write("big1", bytes: 70_000)
        try directory.write("big2", bytes: 70_000)
        let byFiles = FileCache(limits: .init(maxOpenFiles: 1))
        _ = byFiles.refresh(directory.path + "/big1")
        _ = byFiles.refresh(directory.path + "/big2")
        #expect(byFiles.usage.openFiles == 1)
        #expect(byFiles.lookup(directory.path + "/big2") != nil)

        let off = FileCache(limits: .init(maxEntries: 0))
        #expect(off.refresh(directory.path + "/a").kind == .regularFile, "a cache of 0 entries still answers")
        #expect(off.lookup(directory.path + "/a") == nil)
    }

    @Test("entity tags: IIS's shape; lists compared weakly or strongly")
    func entityTags() {
        let tag = "\"1d68a0f1c0a0000:13\""
        #expect(EntityTag.list("\(tag)", matches: tag, weak: false))
        #expect(EntityTag.list("\"x\", \(tag)", matches: tag, weak: false))
        #expect(EntityTag.list("W/\(tag)", matches: tag, weak: true))
        #expect(!EntityTag.list("W/\(tag)", matches: tag, weak: false))
        #expect(EntityTag.list("*", matches: tag, weak: false))
        #expect(!EntityTag.list("\"x\"", matches: tag, weak: true))
        #expect(!EntityTag.list("garbage", matches: tag, weak: true))
        #expect(!EntityTag.list("\"unterminated", matches: tag, weak: true))
        let identity = CachedFile.Identity(size: 19, modifiedSeconds: 1_600_000_000, modifiedNanoseconds: 0)
        #expect(EntityTag.of(identity) == "\"1d689c921a68000:13\"")
    }
}
