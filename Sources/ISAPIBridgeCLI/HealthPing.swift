import Dispatch
import Server

/// A worker's health ping (IIS `processModel/@pingInterval`): every interval, `alive` on the report
/// pipe if one of its servers can still take a connection (an event loop runs). A worker whose
/// every loop is stuck stops pinging, and the supervisor kills it after `pingResponseTime`.
final class HealthPing: @unchecked Sendable {  // `timer` is set once, on start
    private let report: Int32
    private let interval: Double?
    private let queue = DispatchQueue(label: "isapi-bridge.health-ping")
    private var timer: (any DispatchSourceTimer)?

    init(report: Int32, interval: Double?) {
        self.report = report
        self.interval = interval
    }

    /// `healthCheck` raises GL_HEALTH_CHECK to the global modules before each ping is sent.
    func start(servers: [HTTPServer], healthCheck: @escaping @Sendable () -> Void = {}) {
        guard let interval, timer == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [report] in
            guard servers.contains(where: \.canServe) else { return }
            healthCheck()
            FileDescriptorText.write("alive\n", to: report)
        }
        timer.resume()
        self.timer = timer
    }
}
