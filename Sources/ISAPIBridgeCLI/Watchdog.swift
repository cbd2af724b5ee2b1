import Dispatch
import ISAPIRuntime
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A worker's watchdog: looks at every thread's native call record (isapi_native_call.h) on its
/// own timer thread. A call past `timeout` is logged once (filter or module, notification, URL,
/// elapsed) and reported to the supervisor; past `exitAfter` the worker stops accepting (SIGTERM
/// to itself: its healthy event loops finish their requests) and exits with status 3 shortly
/// after, since the stuck thread will never let a graceful shutdown end. It also ends the worker
/// (SIGTERM) when its supervisor is gone: PR_SET_PDEATHSIG would follow the supervisor thread that
/// spawned it, and libdispatch retires idle threads.
final class Watchdog: @unchecked Sendable {  // state touched only on `queue`
    private let report: Int32
    private let timeout: Double
    private let exitAfter: Double
    private let supervisor: Int32?
    private let logger: Logger
    private let queue = DispatchQueue(label: "isapi-bridge.watchdog")
    private var timer: (any DispatchSourceTimer)?
    private var reported: Set<Key> = []
    private var exiting = false

    private struct Key: Hashable {
        let slot: Int32
        let started: UInt64
    }

    init(report: Int32, timeout: Double, exitAfter: Double, supervisor: Int32?, logger: Logger) {
        self.supervisor = supervisor
        self.report = report
        self.timeout = timeout
        self.exitAfter = exitAfter
        self.logger = logger
    }

    func start() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let period = min(1.0, timeout / 4)
        timer.schedule(deadline: .now() + period, repeating: period)
        timer.setEventHandler { [unowned self] in check() }
        timer.resume()
        self.timer = timer
    }

    private func check() {
        if let supervisor, getppid() != supervisor, !exiting {
            exiting = true
            logger.critical("the supervisor (pid \(supervisor)) is gone: this worker stops")
            kill(getpid(), SIGTERM)
            queue.asyncAfter(deadline: .now() + 10) { _exit(3) }
            return
        }
        let now = isapi_call_now_ns()
        var live: Set<Key> = []
        for slot in 0..<isapi_call_slot_count() {
            var call = isapi_native_call()
            guard isapi_call_snapshot(slot, &call) != 0 else { continue }
            let elapsed = Double(now &- call.started_ns) / 1e9
            guard elapsed >= timeout else { continue }
            let key = Key(slot: slot, started: call.started_ns)
            live.insert(key)
            let text = "\(Self.text(call.kind)) '\(Self.text(call.name))' in \(Self.text(call.notification)) has run for "
                + "\(Int(elapsed)) s (URL \(Self.text(call.url)))"
            if reported.insert(key).inserted {
                logger.warning("hung native call: \(text)")
                // The supervisor counts it (isapi_bridge_worker_hangs_total): the crash line's fields.
                FileDescriptorText.write("hang kind=\(Self.text(call.kind)) notification=\(Self.text(call.notification)) "
                                         + "name=\(Self.text(call.name))\turl=\(Self.text(call.url))\n", to: report)
            }
            if elapsed >= exitAfter && !exiting {
                exiting = true
                logger.critical("\(text), past \(Int(exitAfter)) s: this worker stops accepting and exits to be replaced")
                kill(getpid(), SIGTERM)
                queue.asyncAfter(deadline: .now() + 2) { _exit(3) }
            }
        }
        reported.formIntersection(live)
    }

    /// A fixed-size C character array as a String.
    private static func text<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
