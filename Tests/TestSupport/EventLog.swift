import Synchronization

/// A thread-safe list of strings that test modules, filters and probes append to.
public final class EventLog: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    public func append(_ line: String) { lines.withLock { $0.append(line) } }
    public var all: [String] { lines.withLock { $0 } }
    public func clear() { lines.withLock { $0.removeAll() } }
}

/// The name the server tests know the log by.
public typealias SharedLog = EventLog
