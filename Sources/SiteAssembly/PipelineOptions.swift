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
    /// Modules for sections read by `ConfigReader.sectionReaders` (see `CustomSectionModule`).
    public var sectionModules: [CustomSectionModule] = []
    /// How long a directory's configuration (its `web.config` files) is used before the files are
    /// looked at again: a changed, new or removed `web.config` takes effect within this time.
    public var webConfigCheckInterval: Duration = .seconds(2)
    /// How many directories' configurations a site keeps; past it they are all dropped and computed
    /// again as requests come (a bound on what clients can make the server hold).
    public var maxConfiguredDirectories = 4096

    public init(tracing: Bool = false, traceHandler: (@Sendable (RequestTrace) -> Void)? = nil,
                memory: MemoryConfiguration = .default, logger: Logger = Logger(label: "isapi-bridge.pipeline"),
                logDirectory: String? = nil, logWriters: W3CLogWriterSet? = nil, observers: [any RequestObserver] = [],
                sectionModules: [CustomSectionModule] = [], webConfigCheckInterval: Duration = .seconds(2)) {
        self.sectionModules = sectionModules
        self.webConfigCheckInterval = webConfigCheckInterval
        self.logDirectory = logDirectory
        self.logWriters = logWriters
        self.observers = observers
        self.tracing = tracing
        self.traceHandler = traceHandler
        self.memory = memory
        self.logger = logger
    }
}
