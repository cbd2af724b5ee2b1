import Synchronization

/// One writer per log directory for the life of the process, so pipelines rebuilt by a
/// configuration reload keep appending through the same writer (never two writers on one file).
public final class W3CLogWriterSet: Sendable {
    private let writers = Mutex<[String: W3CLogWriter]>([:])
    public let software: String
    /// Each writer's `pendingLimit`.
    public let pendingLimit: Int

    public init(software: String = "isapi-bridge 0.1", pendingLimit: Int = W3CLogWriter.defaultPendingLimit) {
        self.software = software
        self.pendingLimit = pendingLimit
    }

    /// The writer for a site: IIS's layout, `<directory>/W3SVC<siteID>/u_exYYMMDD.log`.
    public func writer(directory: String, siteID: UInt32) -> W3CLogWriter {
        let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/W3SVC\(siteID)"
        return writers.withLock { writers in
            if let existing = writers[path] { return existing }
            let writer = W3CLogWriter(directory: path, software: software, pendingLimit: pendingLimit)
            writers[path] = writer
            return writer
        }
    }

    /// Lines every writer dropped because its buffer was full.
    public var droppedLines: Int { writers.withLock { $0.values.reduce(0) { $0 + $1.droppedLines } } }

    /// Writes every buffered line now (shutdown).
    public func flushAll() {
        for writer in writers.withLock({ Array($0.values) }) { writer.flush() }
    }
}
