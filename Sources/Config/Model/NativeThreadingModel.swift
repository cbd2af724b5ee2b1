/// `threading` on `<isapiFilters><filter>` and `<globalModules><add>`: where a native filter's or
/// module's notifications run (isapi-bridge's attribute; IIS always runs them on worker threads).
public enum NativeThreading: String, Sendable, Equatable, CaseIterable {
    /// A thread of the blocking-call pool: the code may block. The default, as on IIS.
    case pool
    /// The connection's event loop: cheaper, but a blocking call stalls the loop's connections.
    case eventLoop
}

/// `system.webServer/nativeThreadPool` (isapi-bridge's element, server level): the pool that runs
/// native code in pool mode and the basic-authentication password check.
public struct NativeThreadPoolModel: Sendable, Equatable {
    /// At most this many calls run at once (threads start as needed).
    public var threads = 64
    /// At most this many calls wait for a thread; more are answered 503 (IIS's `queueLength`).
    public var queueLength = 4096
    /// At most this many calls run at once while they compute (not taken to be blocked); nil: the
    /// processors the process may run on (IIS's completion-port concurrency).
    public var concurrency: Int?
    /// A call running this long is taken to be blocked, and the next waiting call gets a thread.
    public var stallThreshold: Duration = .milliseconds(2)
    public var line = 0

    public init() {}
}
