import ArgumentParser
import Server

/// `serve` and `trace` flags for the limits and timeouts (docs/security.md). Each overrides the
/// configuration file's value, which overrides the default.
struct LimitOptions: ParsableArguments {
    @Option(help: "Open client connections per listener (default 1024; config: sites/siteDefaults/limits/@maxConnections).")
    var maxConnections: Int?

    @Option(help: "Open connections from one client address (default 128; config: webLimits/@maxConnectionsPerAddress).")
    var maxConnectionsPerAddress: Int?

    @Option(help: "Bytes of request line and headers (431 past it; default 32768; config: webLimits/@maxRequestHeaderBytes).")
    var maxHeaderBytes: Int?

    @Option(help: "Bytes of one request body (413 past it; default 10485760).")
    var maxBodyBytes: Int?

    @Option(help: "Requests read ahead on one connection before reading pauses (default 16; config: webLimits/@maxPipelinedRequests).")
    var maxPipelinedRequests: Int?

    @Option(help: "Response bytes queued for a client that is not reading before its connection stops reading requests (default 1048576, at least 16384; config: webLimits/@maxUnsentResponseBytes).")
    var maxUnsentResponseBytes: Int?

    @Option(help: "Request body bytes held for the reverse proxy while its upstream is behind before the connection stops reading the client (default 262144, at least 4096; config: webLimits/@maxStreamedBodyBufferBytes).")
    var maxStreamedBodyBufferBytes: Int?

    @Option(help: ArgumentHelp("Minimum request body rate in bytes/s after a 5 s grace, 0 for none (408 below it; default 240; config: webLimits/@minBytesPerSecond).",
                               valueName: "bytes-per-second"))
    var minBodyRate: Int?

    @Option(help: ArgumentHelp("Seconds a request body may arrive slower than --min-body-rate before the rate counts (default 5; config: webLimits/@bodyRateGracePeriod).",
                               valueName: "seconds"))
    var bodyRateGrace: Double?

    @Option(help: ArgumentHelp("Seconds shutdown lets requests in flight finish before closing what is left (default 10).",
                               valueName: "seconds"))
    var shutdownGrace: Double?

    @Option(help: ArgumentHelp("Seconds an idle keep-alive connection stays open (default 60; config: webLimits/@connectionTimeout, siteDefaults/limits/@connectionTimeout).",
                               valueName: "seconds"))
    var idleTimeout: Double?

    @Option(help: ArgumentHelp("Seconds a request head may take from its first byte, 0 for no limit (408 past it; default 60; config: webLimits/@headerWaitTimeout).",
                               valueName: "seconds"))
    var headerTimeout: Double?

    @Option(help: ArgumentHelp("Seconds a request may pause mid-way, or a client take no response bytes (default 20; config: webLimits/@slowClientTimeout).",
                               valueName: "seconds"))
    var slowClientTimeout: Double?

    func validate() throws {
        for (name, value) in [("--max-connections", maxConnections), ("--max-connections-per-address", maxConnectionsPerAddress),
                              ("--max-pipelined-requests", maxPipelinedRequests)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if let maxHeaderBytes, maxHeaderBytes < 256 { throw ValidationError("--max-header-bytes must be at least 256") }
        if let maxUnsentResponseBytes, maxUnsentResponseBytes < ServerLimits.minimumUnsentResponseBytes {
            throw ValidationError("--max-unsent-response-bytes must be at least \(ServerLimits.minimumUnsentResponseBytes)")
        }
        if let maxStreamedBodyBufferBytes, maxStreamedBodyBufferBytes < ServerLimits.minimumStreamedBodyBufferBytes {
            throw ValidationError("--max-streamed-body-buffer-bytes must be at least \(ServerLimits.minimumStreamedBodyBufferBytes)")
        }
        for (name, value) in [("--max-body-bytes", maxBodyBytes), ("--min-body-rate", minBodyRate)] {
            if let value, value < 0 { throw ValidationError("\(name) must not be negative") }
        }
        for (name, value) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout),
                              ("--slow-client-timeout", slowClientTimeout), ("--body-rate-grace", bodyRateGrace),
                              ("--shutdown-grace", shutdownGrace)] {
            if let value, !(value >= 0 && value <= 86_400) { throw ValidationError("\(name) must be between 0 and 86400 seconds") }
        }
        for (name, value) in [("--idle-timeout", idleTimeout), ("--slow-client-timeout", slowClientTimeout)] {
            if let value, value == 0 { throw ValidationError("\(name) must be more than 0 seconds") }
        }
    }

    func apply(to configuration: inout ServerConfiguration) {
        if let maxConnections { configuration.limits.maxConnections = maxConnections }
        if let maxConnectionsPerAddress { configuration.limits.maxConnectionsPerAddress = maxConnectionsPerAddress }
        if let maxHeaderBytes { configuration.limits.maxHeaderBytes = maxHeaderBytes }
        if let maxBodyBytes { configuration.limits.maxBodyBytes = maxBodyBytes }
        if let maxPipelinedRequests { configuration.limits.maxPipelinedRequests = maxPipelinedRequests }
        if let maxUnsentResponseBytes { configuration.limits.maxUnsentResponseBytes = maxUnsentResponseBytes }
        if let maxStreamedBodyBufferBytes { configuration.limits.maxStreamedBodyBufferBytes = maxStreamedBodyBufferBytes }
        if let minBodyRate { configuration.limits.minBodyBytesPerSecond = minBodyRate }
        if let idleTimeout { configuration.timeouts.idle = .milliseconds(Int64(idleTimeout * 1000)) }
        if let headerTimeout { configuration.timeouts.requestHead = .milliseconds(Int64(headerTimeout * 1000)) }
        if let slowClientTimeout { configuration.timeouts.slowClient = .milliseconds(Int64(slowClientTimeout * 1000)) }
        if let bodyRateGrace { configuration.timeouts.bodyRateGrace = .milliseconds(Int64(bodyRateGrace * 1000)) }
        if let shutdownGrace { configuration.timeouts.shutdownGrace = .milliseconds(Int64(shutdownGrace * 1000)) }
    }
}
