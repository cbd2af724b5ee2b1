import Logging
import Synchronization

/// Collects log records so tests can assert what an operator would read.
public final class CapturedLog: Sendable {
    public struct Record: Sendable {
        public let level: Logger.Level
        public let message: String
    }

    private let store = Mutex<[Record]>([])

    public init() {}

    public var records: [Record] { store.withLock { $0 } }
    /// Each record as `level: message`.
    public var lines: [String] { records.map { "\($0.level): \($0.message)" } }

    /// A logger (at trace level) whose records land here.
    public func logger(label: String = "test") -> Logger {
        Logger(label: label) { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.store.withLock { $0.append(Record(level: event.level, message: "\(event.message)")) }
        }
    }
}
