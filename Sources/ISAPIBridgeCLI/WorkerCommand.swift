import ArgumentParser
import Config
import ISAPIRuntime
import Logging
import NativeModules

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `isapi-bridge worker` (hidden): one worker process of `serve`. It gets the `serve` arguments,
/// adopts the listening sockets its supervisor bound, loads the filters and modules and serves
/// until SIGTERM. It reports to the supervisor over a pipe: `ready`, and from its fatal-signal
/// handler the native call the crashing thread was in.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "A worker process of 'serve' (started by it, not by hand).", shouldDisplay: false)

    @OptionGroup var options: ServerOptions
    @OptionGroup var demo: DemoOptions
    @OptionGroup var workers: WorkerOptions

    @Option(name: .customLong("listener-fd"), help: "ip:port=fd of a listening socket the supervisor bound; repeated.")
    var listenerDescriptors: [String] = []

    @Option(help: "The write end of the report pipe to the supervisor.")
    var reportFd: Int32

    @Option(help: "The worker's slot (1...N), for logs.")
    var workerSlot: Int = 1

    @Option(help: "The application pool whose sites this worker serves.")
    var applicationPool: String?

    @Option(help: "The supervisor's pid: the worker stops when it is gone.")
    var supervisorPid: Int32?

    @Option(help: "Seconds between health pings to the supervisor (none: pinging is off).")
    var pingInterval: Double?

    func run() async throws {
        LogSetup.bootstrap(options.logLevel, metadata: ["worker": "\(getpid())"])
        // Never serve for a supervisor that is already gone (the watchdog checks it from now on).
        if let supervisorPid, getppid() != supervisorPid { throw ExitCode(1) }
        signal(SIGHUP, SIG_IGN)
        isapi_crash_report_install(reportFd)
        var sockets: [Listener: Int32] = [:]
        for entry in listenerDescriptors {
            guard let equals = entry.lastIndex(of: "="), let descriptor = Int32(entry[entry.index(after: equals)...]),
                  let listener = Listener(entry[..<equals]) else {
                throw ValidationError("--listener-fd '\(entry)' must be ip:port=fd")
            }
            sockets[listener] = descriptor
        }
        let report = reportFd
        let watchdog = Watchdog(report: report, timeout: workers.notificationTimeout, exitAfter: workers.hangExit,
                                supervisor: supervisorPid, logger: Logger(label: "isapi-bridge.watchdog"))
        watchdog.start()
        let pulse = HealthPing(report: report, interval: pingInterval)
        NativeRecycling.install { reason in FileDescriptorText.write("recycle \(reason)\n", to: report) }
        let role = WorkerRole(sockets: sockets, pool: applicationPool,
                              onAdmin: { port in FileDescriptorText.write("admin \(port)\n", to: report) },
                              onServers: { pulse.start(servers: $0, healthCheck: $1) },
                              onReady: { FileDescriptorText.write("ready\n", to: report) })
        // The supervisor has the admin listener; a worker serves its metrics on loopback for it.
        var serveOptions = options
        if serveOptions.adminPort != nil {
            serveOptions.adminPort = 0
            serveOptions.adminHost = "127.0.0.1"
        }
        try await ConfiguredServe(source: try demo.source(options), options: serveOptions, traceHandler: nil,
                                  moduleTiming: demo.moduleTiming, worker: role).run()
    }
}

extension Listener {
    /// `address:port` or `https://address:port` as `description` writes it (an IPv6 address keeps its colons).
    init?(_ text: Substring) {
        let secure = text.hasPrefix("https://")
        let text = secure ? text.dropFirst("https://".count) : text
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return nil }
        self.init(address: String(text[..<colon]), port: port, secure: secure)
    }
}
