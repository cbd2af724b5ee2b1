import Synchronization

/// One writer per log directory for the life of the process, so pipelines rebuilt by a
/// configuration reload keep appending through the same writer (never two writers on one file).
public final class W3CLogWriterSet: Sendable {
    private let writers = Mutex<[String: W3CLogWriter]>([:])
    public let software: String

    public init(software: String = "isapi-bridge 0.1") { self.software = software }

    /// The writer for a site: IIS's layout, `<directory>/W3SVC<siteID>/u_exYYMMDD.log`.
    public func writer(directory: String, siteID: UInt32) -> W3CLogWriter {
        let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/W3SVC\(siteID)"
        return writers.withLock { writers in
            if let existing = writers[path] { return existing }
            let writer = W3CLogWriter(directory: path, software: software)
            writers[path] = writer
            return writer
        }
    }

    /// Writes every buffered line now (shutdown).
    public func flushAll() {
        for writer in writers.withLock({ Array($0.values) }) { writer.flush() }
    }
}
