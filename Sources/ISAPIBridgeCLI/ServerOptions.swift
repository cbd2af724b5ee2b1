import ArgumentParser
import Logging
import RequestLog

/// Options shared by `serve` and `trace`.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An applicationHost.config (default: Examples/applicationHost.config, the embedded example).",
                               valueName: "file"))
    var config: String?

    @Option(help: "Address to listen on: overrides the address of every binding (demo mode: default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port: overrides the port of every http binding, and of https ones when 0 (0 picks a free one; demo mode: default 8080).")
    var port: Int?

    @Option(help: "TCP port for every https binding (0 picks a free one); without it https bindings keep theirs unless --port is 0.")
    var httpsPort: Int?

    @Option(help: "Event loop threads per listener (default: one per core).")
    var threads: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(help: ArgumentHelp("Directory for W3C request logs of sites without <logFile directory> (default: logs).",
                               valueName: "dir"))
    var logDir = "logs"

    @Flag(help: "Write no W3C request logs.")
    var noRequestLog = false

    @Option(help: ArgumentHelp("Bytes of W3C log lines that may wait for the disk per log; beyond it lines are dropped and counted (a #Remark line in the log).",
                               valueName: "bytes"))
    var logBufferBytes: Int = W3CLogWriter.defaultPendingLimit

    @Option(help: "Port of the admin listener (Prometheus /metrics), bound to --admin-host; 0 picks one; omit for none.")
    var adminPort: Int?

    @Option(help: "Address of the admin listener.")
    var adminHost = "127.0.0.1"

    @OptionGroup(title: "Limits and timeouts (docs/security.md)")
    var limits: LimitOptions

    @OptionGroup(title: "Reading a configuration written for Windows (docs/configuration.md, Paths)")
    var windows: PathMappingOptions

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let adminPort, !(0...65535).contains(adminPort) { throw ValidationError("--admin-port must be between 0 and 65535") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if logBufferBytes < 4096 { throw ValidationError("--log-buffer-bytes must be at least 4096") }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// swift-log to stderr, text, at `level`. Once per process.
enum LogSetup {
    /// - Parameter metadata: on every line (a worker process names itself).
    static func bootstrap(_ level: Logger.Level, metadata: Logger.Metadata = [:]) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            handler.metadata = metadata
            return handler
        }
    }
}
