import Config
import Dispatch
import Logging
import Monitoring

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `serve` with worker processes: one `Supervisor` per application pool the sites use, so a crash
/// in one pool's filter never touches another pool. One `ip:port` belongs to one pool: sites of
/// different pools sharing it are refused at start (isapi-bridge does not route between pools).
enum SupervisorSet {
    static func run(source: ServeSource, options: ServerOptions, settings: WorkerOptions) async throws -> Int32 {
        let model: ServerModel
        do {
            model = try source.read(options: options)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw StartupError(message: "\(error.errors.count) error(s); the server does not start")
        }
        let pools = model.poolListeners
        var owners: [Listener: String] = [:]
        for (pool, listeners) in pools {
            for listener in listeners {
                if let other = owners[listener] {
                    throw StartupError(message: "sites of application pools '\(other)' and '\(pool)' both bind \(listener); "
                        + "isapi-bridge serves one pool per ip:port: give one of the sites another port or put them in the same pool")
                }
                owners[listener] = pool
            }
        }
        let metrics = SupervisorMetrics()
        let supervisors = pools.map {
            Supervisor(source: source, options: options, model: model, settings: settings.settings(for: model.applicationPool(named: $0.pool)),
                       metrics: metrics)
        }
        for supervisor in supervisors { try supervisor.bind() }
        var admin: AdminServer?
        if let adminPort = options.adminPort {
            // The supervisor's own counts, then every worker's scrape summed (each worker serves
            // its metrics on a loopback port of its own and reports it).
            let server = AdminServer(host: options.adminHost, port: adminPort, scrape: {
                let pools = supervisors.map { $0.status() }
                let own = metrics.text(pools: pools.map { ($0.name, $0.workers, $0.rapidFailStopped) })
                let scrapes = pools.flatMap(\.adminPorts).compactMap(LoopbackScrape.metrics)
                return own + MetricsSum.sum(scrapes)
            }, logger: Logger(label: "isapi-bridge.admin")) { url in
                print("isapi-bridge metrics on \(url)metrics")
                fflush(nil)
            }
            try await server.start()
            admin = server
        }
        defer { if let admin { Task { await admin.server.shutdown() } } }
        // One source per signal, told to every pool.
        var sources: [any DispatchSourceSignal] = []
        let queue = DispatchQueue(label: "isapi-bridge.signals")
        for number in [SIGTERM, SIGINT, SIGHUP, SIGCHLD] {
            if number != SIGCHLD { signal(number, SIG_IGN) }
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { for supervisor in supervisors { supervisor.received(number) } }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }
        return await withTaskGroup(of: Int32.self) { group in
            for supervisor in supervisors { group.addTask { await supervisor.run() } }
            var worst: Int32 = 0
            for await code in group {
                // A pool that could not start stops the others: the server does not start half-way.
                if code != 0 && worst == 0 { for supervisor in supervisors { supervisor.stop() } }
                worst = max(worst, code)
            }
            return worst
        }
    }
}
