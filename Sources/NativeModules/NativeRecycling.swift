import Synchronization

/// Where `IHttpServer::RecycleProcess` and `RecycleApplication` go. A worker process installs a
/// handler that asks its supervisor for an overlapped recycle; without one (`--workers 0`, a
/// library user) the request is logged and nothing else happens.
public enum NativeRecycling {
    private static let handler = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// `request` receives a one-line reason naming the module and what it asked.
    public static func install(_ request: @escaping @Sendable (String) -> Void) {
        handler.withLock { $0 = request }
    }

    static func requested(module: String, reason: String, application: Bool) {
        let what = application ? "RecycleApplication(\(reason))" : "RecycleProcess(\(reason))"
        let line = "native module '\(module)' called \(what)".filter { $0 != "\n" && $0 != "\r" }
        guard let request = handler.withLock({ $0 }) else {
            HostCallbacks.logger.warning("\(line); ignored: no supervisor process to recycle this one (serve with --workers 1 or more)")
            return
        }
        HostCallbacks.logger.notice("\(line): asking the supervisor to recycle this worker")
        request(line)
    }
}
