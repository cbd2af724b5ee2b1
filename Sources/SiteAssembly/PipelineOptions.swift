import Logging
import Memory
import Pipeline
import RequestLog

/// What every assembled pipeline shares besides the configuration.
public struct PipelineOptions: Sendable {
    /// Record a `RequestTrace` per request (the `trace` command).
    public var tracing: Bool
    public var traceHandler: (@Sendable (RequestTrace) -> Void)?
    public var memory: MemoryConfiguration
    public var logger: Logger
    /// Where W3C request logs go when a site names no `<logFile directory>`; nil: no request log
    /// for such sites.
    public var logDirectory: String?
    /// The writers shared across reloads; nil turns request logging off.
    public var logWriters: W3CLogWriterSet?
    /// Told about every request of every site (metrics).
    public var observers: [any RequestObserver]

    public init(tracing: Bool = false, traceHandler: (@Sendable (RequestTrace) -> Void)? = nil,
                memory: MemoryConfiguration = .default, logger: Logger = Logger(label: "isapi-bridge.pipeline"),
                logDirectory: String? = nil, logWriters: W3CLogWriterSet? = nil, observers: [any RequestObserver] = []) {
        self.logDirectory = logDirectory
        self.logWriters = logWriters
        self.observers = observers
        self.tracing = tracing
        self.traceHandler = traceHandler
        self.memory = memory
        self.logger = logger
    }
}
