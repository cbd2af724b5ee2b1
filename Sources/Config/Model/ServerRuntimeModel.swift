/// `system.webServer/serverRuntime` for one site (server level, then `<location>` levels):
/// the attributes isapi-bridge applies. The others (`frequentHitThreshold`, `enableNagling`,
/// ...) are reported once in `check`'s summary when they differ from IIS's defaults.
public struct ServerRuntimeModel: Sendable, Equatable {
    /// `maxRequestEntityAllowed`: request body bytes; a longer body is answered 413 (IIS default 4294967295).
    public var maxRequestEntityAllowed = 4_294_967_295
    /// `appConcurrentRequestLimit`: requests of the site in progress at once in one worker
    /// process; past it 503.2. nil when the file does not set it (then only the connection limits bound it).
    public var appConcurrentRequestLimit: Int?
    public var line = 0

    public init() {}
}

/// What one level says in `<serverRuntime>`.
struct ServerRuntimeEdits: Sendable {
    var maxRequestEntityAllowed: Int?
    var appConcurrentRequestLimit: Int?
    var line = 0

    func apply(to model: inout ServerRuntimeModel) {
        if let value = maxRequestEntityAllowed { model.maxRequestEntityAllowed = value }
        if let value = appConcurrentRequestLimit { model.appConcurrentRequestLimit = value; model.line = line }
    }
}
