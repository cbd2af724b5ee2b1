import Synchronization

/// The process's file cache (the analogue of IIS's file cache behind `IHttpFileInfo`): what is at a
/// path, its validators and its body (bytes of small files, an open descriptor of larger ones),
/// so that a request for a known file touches no disk on the event loop.
///
/// Bounded in entries, in bytes of file bodies held in memory and in open descriptors; the least
/// recently used entry goes first when a bound is reached. An entry is trusted for
/// `Limits.revalidateAfter` (1 s by default) after it was last looked at on disk; after that
/// `lookup` answers nil and the caller refreshes it off the event loop (`refresh`), which keeps the
/// body when the file's identity (device, inode, size, modification time) did not change. So a
/// changed file is served fresh at most that long after the change. Missing files are cached too,
/// under the same bounds. Shared by every event loop; one lock guards it.
package final class FileCache: Sendable {
    package struct Limits: Sendable, Equatable {
        /// Paths remembered, found or not.
        package var maxEntries: Int
        /// Bytes of file bodies held in memory, over all entries.
        package var maxBytes: Int
        /// Files up to this size are held in memory; larger ones are kept open and sent with sendfile.
        package var maxFileBytesInMemory: Int
        /// Descriptors of larger files kept open.
        package var maxOpenFiles: Int
        /// How long a look at the disk is trusted; zero looks again on every request.
        package var revalidateAfter: Duration

        package init(maxEntries: Int = 1024, maxBytes: Int = 64 << 20, maxFileBytesInMemory: Int = 64 << 10,
                     maxOpenFiles: Int = 128, revalidateAfter: Duration = .seconds(1)) {
            self.maxEntries = max(0, maxEntries)
            self.maxBytes = max(0, maxBytes)
            self.maxFileBytesInMemory = max(0, maxFileBytesInMemory)
            self.maxOpenFiles = max(0, maxOpenFiles)
            self.revalidateAfter = max(.zero, revalidateAfter)
        }
    }

    /// A class: a hit reads and stamps it in place, where a struct in the dictionary was copied
    /// whole (every field of its `CachedFile` retained and released) twice per lookup.
    private final class Entry {
        let file: CachedFile
        let checkedAt: ContinuousClock.Instant
        var lastUsed: UInt64

        init(file: CachedFile, checkedAt: ContinuousClock.Instant, lastUsed: UInt64) {
            self.file = file
            self.checkedAt = checkedAt
            self.lastUsed = lastUsed
        }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var openFiles = 0
        var tick: UInt64 = 0

        mutating func release(_ file: CachedFile) {
            bytes -= file.memoryCost
            if file.holdsDescriptor { openFiles -= 1 }
        }

        /// A linear scan: it runs only when a bound is reached, and then after a look at the disk.
        mutating func evictLeastRecentlyUsed() -> Bool {
            guard let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { return false }
            entries.removeValue(forKey: oldest.key)
            release(oldest.value.file)
            return true
        }
    }

    package let limits: Limits
    private let state = Mutex(State())

    package init(limits: Limits = Limits()) { self.limits = limits }

    private static let processWideCache = Mutex(FileCache())

    /// The cache every static file handler of this process shares unless given its own.
    package static var processWide: FileCache { processWideCache.withLock { $0 } }

    /// Replaces the process's cache with an empty one with `limits` (at start, from the configuration).
    package static func useProcessWide(limits: Limits) {
        processWideCache.withLock { $0 = FileCache(limits: limits) }
    }

    /// The cached look at `path` if it is recent enough; nil means `refresh` it (off the event loop).
    package func lookup(_ path: String, now: ContinuousClock.Instant = .now) -> CachedFile? {
        state.withLock { state in
            guard let entry = state.entries[path], entry.checkedAt.duration(to: now) < limits.revalidateAfter else { return nil }
            state.tick &+= 1
            entry.lastUsed = state.tick
            return entry.file
        }
    }

    /// Looks at `path` on disk and remembers what is there. Blocks: call it off the event loop.
    package func refresh(_ path: String, now: ContinuousClock.Instant = .now) -> CachedFile {
        let previous = state.withLock { $0.entries[path]?.file }
        var file = FileProbe.look(at: path, previous: previous, maxBytesInMemory: limits.maxFileBytesInMemory)
        if case .bytes(let bytes) = file.body, bytes.count > limits.maxBytes {
            file.body = .none  // cannot be held; `store` leaves it out, the caller sends it by path
        }
        store(file, for: path, now: now)
        return file
    }

    /// Forgets everything (descriptors close once no response uses them).
    package func removeAll() {
        state.withLock { $0 = State() }
    }

    /// Entries, bytes held and descriptors open now.
    package var usage: (entries: Int, bytes: Int, openFiles: Int) {
        state.withLock { ($0.entries.count, $0.bytes, $0.openFiles) }
    }

    private func store(_ file: CachedFile, for path: String, now: ContinuousClock.Instant) {
        guard limits.maxEntries > 0 else { return }
        if file.holdsDescriptor, limits.maxOpenFiles == 0 { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: path) { state.release(old.file) }
            while state.entries.count >= limits.maxEntries
                || state.bytes + file.memoryCost > limits.maxBytes
                || (file.holdsDescriptor && state.openFiles >= limits.maxOpenFiles)
            {
                guard state.evictLeastRecentlyUsed() else { break }
            }
            state.tick &+= 1
            state.entries[path] = Entry(file: file, checkedAt: now, lastUsed: state.tick)
            state.bytes += file.memoryCost
            if file.holdsDescriptor { state.openFiles += 1 }
        }
    }
}
