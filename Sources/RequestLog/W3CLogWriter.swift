import Foundation
import Pipeline
import Synchronization

/// Writes one site's W3C log: lines are buffered under a lock on the event loop and written by a
/// timer on a private queue (every `flushInterval`, or sooner when the buffer passes 64 KiB), so a
/// request never waits for the disk. A new file starts each UTC day (`u_exYYMMDD.log`), with the
/// `#Software`, `#Version`, `#Date` and `#Fields` header IIS writes; a file that already exists is
/// appended to, after a fresh header.
public final class W3CLogWriter: RequestObserver, Sendable {
    public let directory: String
    public let software: String
    private let queue = DispatchQueue(label: "isapi-bridge.w3c-log")
    private let pending = Mutex<[W3CLogEntry]>([])
    private let state = Mutex<OpenFile?>(nil)
    nonisolated(unsafe) private let timer: any DispatchSourceTimer  // only resumed and cancelled

    private struct OpenFile {
        let name: String
        let handle: FileHandle
    }

    public init(directory: String, software: String = "isapi-bridge 0.1", flushInterval: Duration = .seconds(1)) {
        self.directory = directory
        self.software = software
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
        let count = pending.withLock { pending in
            pending.append(entry)
            return pending.count
        }
        if count == 256 { queue.async { [weak self] in self?.writePending() } }
    }

    /// Writes what is buffered now and waits for it (shutdown, tests).
    public func flush() {
        queue.sync { writePending() }
    }

    /// Runs on `queue`.
    private func writePending() {
        let entries = pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !entries.isEmpty else { return }
        var index = 0
        while index < entries.count {
            let name = W3CLogEntry.fileName(for: entries[index].time)
            var text = ""
            while index < entries.count, W3CLogEntry.fileName(for: entries[index].time) == name {
                text += entries[index].line
                text += "\r\n"
                index += 1
            }
            write(text, to: name, firstTime: entries[index - 1].time)
        }
    }

    private func write(_ text: String, to name: String, firstTime: Date) {
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
            if let handle = open?.handle { try? handle.write(contentsOf: Data(text.utf8)) }
        }
    }
}
