import Foundation
import Pipeline
import Synchronization

/// Writes one site's W3C log. Each finished request's line is formatted as bytes, on the event
/// loop, straight into a buffer under a lock (no `String` per field, the date and time formatted
/// once per second); a timer on a private queue writes what accumulated (every `flushInterval`,
/// or sooner once 64 KiB are waiting) in one write per file, so a request never waits for the disk.
/// A new file starts each UTC day (`u_exYYMMDD.log`), with the `#Software`, `#Version`, `#Date`
/// and `#Fields` header IIS writes; a file that already exists is appended to, after a fresh header.
///
/// The buffer is bounded (`pendingLimit` bytes): when the disk falls that far behind, further
/// lines are dropped, not queued, and counted (`droppedLines`); the next write puts a
/// `#Remark:` line with the count into the file where the lines are missing.
public final class W3CLogWriter: RequestObserver, Sendable {
    public let directory: String
    public let software: String
    /// Bytes of formatted lines that may wait for the disk; beyond it lines are dropped and counted.
    public let pendingLimit: Int
    private let dropped = Atomic<Int>(0)
    private let queue = DispatchQueue(label: "isapi-bridge.w3c-log")
    private let pending = Mutex(PendingLines())
    private let state = Mutex<OpenFile?>(nil)
    nonisolated(unsafe) private let timer: any DispatchSourceTimer  // only resumed and cancelled

    /// Bytes waiting that make the writer write before its timer fires.
    static let earlyWriteBytes = 64 * 1024
    /// The default `pendingLimit`: about 16,000 typical lines, a second of a busy server's log.
    public static let defaultPendingLimit = 4 * 1024 * 1024

    /// Lines dropped since the writer started because `pendingLimit` bytes were waiting.
    public var droppedLines: Int { dropped.load(ordering: .relaxed) }

    private struct OpenFile {
        let name: String
        let handle: FileHandle
    }

    /// Lines not written yet, one batch per UTC day (a batch spans midnight only in the second it
    /// happens).
    private struct PendingLines {
        var format = W3CLogLineFormat()
        var batches: [Batch] = []
        var byteCount = 0
        /// Lines dropped since the last write (the buffer was full).
        var droppedSinceWrite = 0
        /// The capacity the last batch needed, so the next one does not grow step by step.
        var lastCapacity = 4096

        struct Batch {
            let day: Int
            let firstTime: Date
            var bytes: [UInt8]
        }

        /// Returns the bytes now waiting.
        mutating func append(_ entry: W3CLogEntry) -> Int {
            let day = Int((entry.time.timeIntervalSince1970 / 86_400).rounded(.down))
            if batches.last?.day != day {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(lastCapacity)
                batches.append(Batch(day: day, firstTime: entry.time, bytes: bytes))
            }
            let before = batches[batches.count - 1].bytes.count
            format.append(entry, to: &batches[batches.count - 1].bytes)
            byteCount += batches[batches.count - 1].bytes.count - before
            return byteCount
        }

        mutating func take() -> (batches: [Batch], dropped: Int) {
            defer {
                batches.removeAll(keepingCapacity: true)
                byteCount = 0
                droppedSinceWrite = 0
            }
            if let last = batches.last { lastCapacity = max(4096, last.bytes.count + last.bytes.count / 4) }
            return (batches, droppedSinceWrite)
        }
    }

    public init(directory: String, software: String = "isapi-bridge 0.1", flushInterval: Duration = .seconds(1),
                pendingLimit: Int = W3CLogWriter.defaultPendingLimit) {
        self.directory = directory
        self.software = software
        self.pendingLimit = max(pendingLimit, 4096)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let milliseconds = Int(flushInterval.components.seconds * 1000 + flushInterval.components.attoseconds / 1_000_000_000_000_000)
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(max(10, milliseconds)))
        self.timer = timer
        timer.setEventHandler { [weak self] in self?.writePending() }
        timer.resume()
    }

    deinit { timer.cancel() }

    public func requestCompleted(_ context: HttpContext) {
        append(W3CLogEntry(context: context))
    }

    public func append(_ entry: W3CLogEntry) {
        let limit = pendingLimit
        let (before, after) = pending.withLock { pending in
            let before = pending.byteCount
            guard before < limit else {
                pending.droppedSinceWrite += 1
                return (before, before)
            }
            return (before, pending.append(entry))
        }
        if before >= limit {
            dropped.add(1, ordering: .relaxed)
            return
        }
        if before < Self.earlyWriteBytes && after >= Self.earlyWriteBytes {
            queue.async { [weak self] in self?.writePending() }
        }
    }

    /// Writes what is buffered now and waits for it (shutdown, tests).
    public func flush() {
        queue.sync { writePending() }
    }

    /// Runs on `queue`.
    private func writePending() {
        let (batches, droppedLines) = pending.withLock { $0.take() }
        for batch in batches where !batch.bytes.isEmpty {
            write(batch.bytes, to: W3CLogEntry.fileName(for: batch.firstTime), firstTime: batch.firstTime)
        }
        if droppedLines > 0 {
            // After the lines that were kept: the gap is where the next line's time jumps.
            let time = batches.last?.firstTime ?? Date()
            let remark = "#Remark: \(droppedLines) request line(s) dropped: the log writer was \(pendingLimit) bytes behind the disk\r\n"
            write(Array(remark.utf8), to: W3CLogEntry.fileName(for: time), firstTime: time)
        }
    }

    private func write(_ bytes: [UInt8], to name: String, firstTime: Date) {
        state.withLock { open in
            if open?.name != name {
                try? open?.handle.close()
                open = nil
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let path = directory + "/" + name
                if !FileManager.default.fileExists(atPath: path) {
                    _ = FileManager.default.createFile(atPath: path, contents: nil)
                }
                guard let handle = FileHandle(forWritingAtPath: path) else { return }
                _ = try? handle.seekToEnd()
                let (date, clock) = W3CLogEntry.dateAndTime(firstTime)
                let header = "#Software: \(software)\r\n#Version: 1.0\r\n#Date: \(date) \(clock)\r\n#Fields: \(W3CLogEntry.fields)\r\n"
                try? handle.write(contentsOf: Data(header.utf8))
                open = OpenFile(name: name, handle: handle)
            }
            if let handle = open?.handle { try? handle.write(contentsOf: bytes) }
        }
    }
}
