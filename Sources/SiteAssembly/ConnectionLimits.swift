import Config
import Server

extension ServerConfiguration {
    /// The configuration file's `webLimits` and `siteDefaults/limits` over these settings (what
    /// the file leaves out keeps its value; `serve` flags are applied after this).
    public mutating func apply(_ model: ConnectionLimitsModel) {
        if let value = model.connectionTimeout { timeouts.idle = value }
        if let value = model.headerWaitTimeout { timeouts.requestHead = value }
        if let value = model.slowClientTimeout { timeouts.slowClient = value }
        if let value = model.bodyRateGracePeriod { timeouts.bodyRateGrace = value }
        if let value = model.minBytesPerSecond { limits.minBodyBytesPerSecond = value }
        if let value = model.maxConnections { limits.maxConnections = value }
        if let value = model.maxConnectionsPerAddress { limits.maxConnectionsPerAddress = value }
        if let value = model.maxRequestHeaderBytes { limits.maxHeaderBytes = value }
        if let value = model.maxPipelinedRequests { limits.maxPipelinedRequests = value }
        if let value = model.maxUnsentResponseBytes { limits.maxUnsentResponseBytes = value }
        if let value = model.maxStreamedBodyBufferBytes { limits.maxStreamedBodyBufferBytes = value }
        if let value = model.http2 { http2.enabled = value }
        if let value = model.http2Cleartext { http2.cleartext = value }
        if let value = model.http2MaxConcurrentStreams {
            http2.maxConcurrentStreams = min(value, HTTP2Limits.largestConcurrentStreams)
        }
        if let value = model.http2StreamWindowBytes { http2.streamWindowBytes = min(value, HTTP2Limits.largestWindow) }
        if let value = model.http2MaxStreamResets { http2.maxStreamResets = value }
    }
}
