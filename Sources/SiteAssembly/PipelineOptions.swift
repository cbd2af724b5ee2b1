import Logging
import Memory
import Pipeline

/// What every assembled pipeline shares besides the configuration.
public struct PipelineOptions: Sendable {
    /// Record a `RequestTrace` per request (the `trace` command).
    public var tracing: Bool
    public var traceHandler: (@Sendable (RequestTrace) -> Void)?
    public var memory: MemoryConfiguration
    public var logger: Logger

    public init(tracing: Bool = false, traceHandler: (@Sendable (RequestTrace) -> Void)? = nil,
                memory: MemoryConfiguration = .default, logger: Logger = Logger(label: "isapi-bridge.pipeline")) {
        self.tracing = tracing
        self.traceHandler = traceHandler
        self.memory = memory
        self.logger = logger
    }
}
