import Config
import Dispatch
import Logging
import Monitoring
import Server

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The workers of one application pool (the role IIS gives WAS): binds the pool's listeners,
/// starts the workers that run its sites' pipelines and replaces one that dies. It never loads
/// native code. Every event (a report line, a child's exit, a signal, a timer) is handled on one
/// serial queue, which owns all the state below.
final class Supervisor: @unchecked Sendable {
    private let source: ServeSource
    private let options: ServerOptions
    private let settings: PoolSettings
    private let logger: Logger
    private let metrics: SupervisorMetrics
    private let queue = DispatchQueue(label: "isapi-bridge.supervisor")

    private var model: ServerModel
    private var sockets: [ListeningSocket] = []
    private var workers: [pid_t: Worker] = [:]
    private var phase: SupervisorPhase = .starting(generation: 1)
    private var latestGeneration = 1
    /// 1 once the pool could not start.
    private var exitCode: Int32 = 0
    private var failures = RapidFailWindow(limit: 0, interval: .seconds(1))
    private var unavailable: [(server: HTTPServer, started: Task<Void, Never>)] = []
    private var finished: CheckedContinuation<Int32, Never>?

    /// One worker process.
    private struct Worker {
        let pid: pid_t
        let generation: Int
        let slot: Int
        var reader: ReportReader
        let readSource: any DispatchSourceRead
        var ready = false
        /// Asked to drain (an old generation, shutdown, rapid-fail): its exit is expected.
        var retiring = false
        var crashedIn: NativeCallDescription?
        /// The worker's own metrics listener (loopback), when `--admin-port` is given.
        var adminPort: Int?
        let started = ContinuousClock.now
        /// Started to replace this worker (recycling): it drains once this one is ready.
        var replaces: pid_t?
        /// A replacement is on its way (recycling).
        var recycling = false
        /// The last health ping (or the start).
        var lastPing = ContinuousClock.now
        /// Killed for missing its health pings: said in its death line.
        var unresponsive = false
    }

    init(source: ServeSource, options: ServerOptions, model: ServerModel, settings: PoolSettings, metrics: SupervisorMetrics) {
        self.metrics = metrics
        self.source = source
        self.options = options
        self.model = model
        self.settings = settings
        var logger = Logger(label: "isapi-bridge.supervisor")
        if model.applicationPools.count > 1 { logger[metadataKey: "pool"] = "\(settings.name)" }
        self.logger = logger
        failures = RapidFailWindow(limit: settings.rapidFailMaxCrashes, interval: .milliseconds(Int64(settings.rapidFailInterval * 1000)))
    }

    /// The listeners of this pool's sites in `model`.
    private func listeners(in model: ServerModel) -> [Listener] {
        model.poolListeners.first { $0.pool.lowercased() == settings.name.lowercased() }?.listeners ?? []
    }

    /// Binds the pool's listeners (before any pool starts workers, so a clash stops the start).
    func bind() throws {
        for listener in listeners(in: model) { sockets.append(try ListeningSocket.bind(listener)) }
    }

    /// Serves until SIGTERM/SIGINT or `stop()`; the exit status (0 after a shutdown, 1 when no
    /// worker could start).
    func run() async -> Int32 {
        await withCheckedContinuation { continuation in
            queue.async {
                self.finished = continuation
                self.spawn(generation: 1, slot: 1)
                if self.settings.recycleAfter != nil || self.settings.recycleAboveKB != nil || self.settings.pingInterval != nil {
                    self.watchRecycling()
                }
            }
        }
    }

    // MARK: events

    private var recyclingTimer: (any DispatchSourceTimer)?

    private func watchRecycling() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let period = min(1.0, (settings.recycleAfter ?? 4) / 4)
        timer.schedule(deadline: .now() + period, repeating: period)
        timer.setEventHandler { [unowned self] in
            checkPings()
            checkRecycling()
        }
        timer.resume()
        recyclingTimer = timer
    }

    /// A signal the process got (`SupervisorSet` watches them for every pool).
    func received(_ number: Int32) {
        queue.async { [self] in
            switch number {
            case SIGHUP: reload()
            case SIGCHLD: reapChildren()
            default: shutDown(by: number)
            }
        }
    }

    /// For the admin listener: the pool's workers, its rapid-fail state, the workers' metrics ports.
    func status() -> (name: String, workers: Int, rapidFailStopped: Bool, adminPorts: [Int]) {
        queue.sync {
            let stopped = if case .rapidFailStopped = phase { true } else { false }
            return (settings.name, workers.count, stopped, workers.values.compactMap(\.adminPort))
        }
    }

    /// Stops like SIGTERM does (another pool could not start).
    func stop() { queue.async { self.shutDown(by: SIGTERM) } }

    /// Each pool reaps only its own workers.
    private func reapChildren() {
        for pid in Array(workers.keys) {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { workerExited(pid, WorkerExit(status: status)) }
        }
    }

    private func reportArrived(_ pid: pid_t) {
        guard var worker = workers[pid] else { return }
        let (lines, _) = worker.reader.readLines()
        for line in lines {
            switch WorkerReport(line: line) {
            case .ready:
                worker.ready = true
                worker.lastPing = .now
                workers[pid] = worker
                workerReady(worker)
            case .crash(let call):
                worker.crashedIn = call
                workers[pid] = worker
            case .hang(let call):
                logger.warning("worker \(pid): hung call \(call.map(String.init(describing:)) ?? "in native code")")
                metrics.callHung(pool: settings.name, kind: call?.kind ?? "", name: call?.name ?? "", notification: call?.notification ?? "")
            case .alive:
                worker.lastPing = .now
                workers[pid] = worker
            case .admin(let port):
                worker.adminPort = port
                workers[pid] = worker
            case .recycle(let reason):
                recycle(pid, askedBecause: reason)
                worker = workers[pid] ?? worker
            case .other(let text):
                logger.debug("worker \(pid): \(text)")
            }
        }
    }

    private func workerReady(_ worker: Worker) {
        if let old = worker.replaces, workers[old] != nil {
            // Overlapped recycling: the new worker accepts, now the old one drains.
            retire { $0.pid == old }
        }
        switch phase {
        case .starting(let generation) where worker.generation == generation,
             .reloading(_, let generation) where worker.generation == generation:
            if worker.slot == 1 {
                // The first worker loaded everything: the rest of its generation can follow.
                for slot in 2..<max(2, settings.workers + 1) { spawn(generation: generation, slot: slot) }
            }
            let started = workers.values.filter { $0.generation == generation && $0.ready }.count
            guard started == settings.workers else { return }
            generationReady(generation)
        default:
            break
        }
    }

    private func generationReady(_ generation: Int) {
        switch phase {
        case .starting:
            phase = .running(generation: generation)
            let pids = workers.keys.sorted().map(String.init).joined(separator: ", ")
            for socket in sockets {
                let names = model.sites.filter { $0.bindings.contains { $0.listener == socket.listener } }.map(\.name)
                print("isapi-bridge listening on \(socket.url)  (sites: \(names.joined(separator: ", ")); \(source.label); workers: \(pids))")
            }
            fflush(nil)
        case .reloading(let old, _):
            phase = .running(generation: generation)
            if let old { retire { $0.generation == old } }
            stopUnavailable()
            logger.notice("configuration reloaded: \(settings.workers) new worker(s) accept; the previous ones drain")
        default:
            break
        }
    }

    private func workerExited(_ pid: pid_t, _ exit: WorkerExit) {
        guard var worker = workers.removeValue(forKey: pid) else { return }
        // The crash line was written before the process died: it is in the pipe now.
        let (lines, _) = worker.reader.readLines()
        for line in lines { if case .crash(let call) = WorkerReport(line: line) { worker.crashedIn = call } }
        worker.readSource.cancel()
        if worker.retiring {
            logger.info("worker \(pid) exited (\(exit)) after draining")
            if case .stopping = phase, workers.isEmpty { finish(exitCode) }
            return
        }
        let cause = worker.crashedIn.map { " in \($0)" } ?? (worker.unresponsive ? " after missing its health pings" : "")
        switch phase {
        case .starting where !worker.ready:
            logger.critical("worker \(pid) could not start (\(exit)); the server does not start")
            retire({ _ in true }, signal: SIGKILL)
            phase = .stopping
            exitCode = 1
            if workers.isEmpty { finish(exitCode) }
            return
        case _ where worker.replaces != nil && !worker.ready:
            logger.error("worker \(pid), started to recycle worker \(worker.replaces!), could not start (\(exit)); the old worker goes on")
            if let old = worker.replaces { workers[old]?.recycling = false }
            return
        case .reloading(let old, let generation) where worker.generation == generation && !worker.ready:
            logger.error("configuration reload failed: worker \(pid) could not start (\(exit)); the previous configuration stays in force")
            retire({ $0.generation == generation }, signal: SIGKILL)
            phase = old.map { .running(generation: $0) } ?? phase.afterFailedReload
            return
        case .stopping, .rapidFailStopped:
            return
        default:
            break
        }
        // One line naming the worker, the signal and the native code on the crashing thread.
        logger.error("worker \(pid) died: \(exit)\(cause); its connections are lost")
        if exit.isFailure {
            let call = worker.crashedIn
            metrics.workerFailed(pool: settings.name, exit: exit.description, kind: call?.kind ?? "", name: call?.name ?? "",
                                 notification: call?.notification ?? "")
        }
        if exit.isFailure && failures.record(ContinuousClock.now) {
            enterRapidFail(last: "worker \(pid) died: \(exit)\(cause)")
            return
        }
        logger.notice("starting a replacement for worker \(pid)")
        spawn(generation: worker.generation, slot: worker.slot)
    }

    /// SIGHUP: workers on the new configuration; the old ones drain once the new ones accept.
    private func reload() {
        logger.notice("SIGHUP: reloading \(source.label)")
        switch phase {
        case .running, .rapidFailStopped: break
        default:
            logger.warning("SIGHUP ignored: the server is starting, reloading or stopping")
            return
        }
        do throws(ConfigError) {
            let next = try source.read(options: options)
            guard !listeners(in: next).isEmpty else {
                logger.error("configuration reload: no site uses application pool '\(settings.name)' any more; its workers stay (restart isapi-bridge to remove the pool)")
                return
            }
            model = next
        } catch {
            for diagnostic in error.diagnostics { logger.error("\(diagnostic.description)") }
            logger.error("configuration reload failed; the previous configuration stays in force")
            return
        }
        let known = Set(sockets.map(\.listener))
        for listener in listeners(in: model) where !known.contains(listener) {
            do {
                let socket = try ListeningSocket.bind(listener)
                sockets.append(socket)
                logger.notice("listening on \(socket.url) (new in the configuration)")
            } catch {
                logger.error("configuration reload: \(error)")
            }
        }
        failures.reset()
        let old: Int? = if case .running(let generation) = phase { generation } else { nil }
        latestGeneration += 1
        let generation = latestGeneration
        phase = .reloading(old: old, new: generation)
        spawn(generation: generation, slot: 1)
        // The workers being replaced hear GL_CONFIGURATION_CHANGE while they still serve.
        if let old { for (pid, worker) in workers where worker.generation == old && !worker.retiring { kill(pid, SIGHUP) } }
    }

    private func shutDown(by signal: Int32) {
        if case .stopping = phase { return }
        logger.notice("\(WorkerExit.name(signal)): stopping \(workers.count) worker(s) (they drain for up to \(settings.shutdownTimeLimit) s)")
        phase = .stopping
        stopUnavailable()
        retire({ _ in true })
        if workers.isEmpty { return finish(exitCode) }
        queue.asyncAfter(deadline: .now() + settings.shutdownTimeLimit) { [self] in
            guard !workers.isEmpty else { return }
            logger.warning("shutdown time limit reached: killing \(workers.count) worker(s): \(workers.keys.sorted())")
            for pid in workers.keys { kill(pid, SIGKILL) }
        }
    }

    // MARK: actions

    /// Health pings (`processModel` pingInterval, pingResponseTime): a ready worker silent for the
    /// response time cannot serve (every event loop stuck): killed, so that it is replaced.
    private func checkPings() {
        guard settings.pingInterval != nil else { return }
        let limit = Duration.milliseconds(Int64(settings.pingResponseTime * 1000))
        for worker in workers.values where worker.ready && !worker.retiring && !worker.unresponsive
            && ContinuousClock.now - worker.lastPing > limit {
            logger.error("worker \(worker.pid) sent no health ping for \(Int(settings.pingResponseTime)) s: killing it")
            workers[worker.pid]?.unresponsive = true
            kill(worker.pid, SIGKILL)
        }
    }

    /// Recycling (`recycling/periodicRestart`): a ready worker past its age or memory limit gets a
    /// replacement; it drains once the replacement accepts.
    private func checkRecycling() {
        guard case .running = phase else { return }
        for worker in workers.values where worker.ready && !worker.retiring && !worker.recycling {
            var reason: String?
            if let limit = settings.recycleAfter, ContinuousClock.now - worker.started >= .milliseconds(Int64(limit * 1000)) {
                reason = "time"
            } else if let limit = settings.recycleAboveKB, let resident = ProcessMemory.residentKB(worker.pid), resident > limit {
                reason = "privateMemory"
            }
            guard let reason else { continue }
            logger.notice("recycling worker \(worker.pid) (periodicRestart \(reason)): a new worker starts, then it drains")
            metrics.workerRecycled(pool: settings.name, reason: reason)
            workers[worker.pid]?.recycling = true
            spawn(generation: worker.generation, slot: worker.slot, replacing: worker.pid)
        }
    }

    /// A native module asked (IHttpServer::RecycleProcess/RecycleApplication): overlapped, as for
    /// periodic recycling; a worker already being replaced or retired is left alone.
    private func recycle(_ pid: pid_t, askedBecause reason: String) {
        guard case .running = phase, let worker = workers[pid], worker.ready, !worker.retiring, !worker.recycling else { return }
        logger.notice("recycling worker \(pid) at a native module's request (\(reason)): a new worker starts, then it drains")
        metrics.workerRecycled(pool: settings.name, reason: "module")
        workers[pid]?.recycling = true
        spawn(generation: worker.generation, slot: worker.slot, replacing: pid)
    }

    private func spawn(generation: Int, slot: Int, replacing: pid_t? = nil) {
        do {
            let (pid, report) = try WorkerSpawn.spawn(sockets: sockets, slot: slot, pool: settings.name,
                                                      pingInterval: settings.pingInterval)
            let readSource = DispatchSource.makeReadSource(fileDescriptor: report, queue: queue)
            readSource.setEventHandler { [unowned self] in reportArrived(pid) }
            readSource.setCancelHandler { close(report) }
            workers[pid] = Worker(pid: pid, generation: generation, slot: slot, reader: ReportReader(descriptor: report),
                                  readSource: readSource, replaces: replacing)
            readSource.resume()
            metrics.workerStarted(pool: settings.name)
            logger.info("started worker \(pid) (slot \(slot), generation \(generation))")
        } catch {
            logger.critical("\(error)")
            if case .starting = phase {
                phase = .stopping
                exitCode = 1
                retire({ _ in true }, signal: SIGKILL)
                if workers.isEmpty { finish(exitCode) }
            }
        }
    }

    /// Sends `signal` (SIGTERM: drain) to the workers `which` selects and expects their exit.
    private func retire(_ which: (Worker) -> Bool, signal: Int32 = SIGTERM) {
        for (pid, worker) in workers where which(worker) {
            workers[pid]?.retiring = true
            kill(pid, signal)
        }
    }

    /// Rapid-fail protection: no more restarts; every listener answers 503 with the reason.
    private func enterRapidFail(last: String) {
        let reason = "\(failures.limit + 1) worker failures within \(Int(settings.rapidFailInterval)) s (rapid-fail protection); the last: \(last)"
        logger.critical("rapid-fail protection: \(reason). Not restarting; every request gets 503 until SIGHUP or a restart")
        phase = .rapidFailStopped(reason: reason)
        retire({ _ in true })
        let body = "503 Service Unavailable: the application pool is stopped by rapid-fail protection: \(reason).\n"
            + "Fix the failing filter or module, then reload (SIGHUP) or restart isapi-bridge.\n"
        for socket in sockets {
            var configuration = ServerConfiguration(host: socket.listener.bindAddress, port: socket.port, eventLoopThreads: 1)
            configuration.boundSocket = socket.duplicate()
            let pipeline = RapidFailAnswer.pipeline(body: body)
            let server = HTTPServer(configuration: configuration, pipeline: pipeline, logger: logger)
            unavailable.append((server, Task { _ = try? await server.start() }))
        }
    }

    private func stopUnavailable() {
        let servers = unavailable
        unavailable = []
        // After its start has finished: a reload can come right after rapid-fail protection began.
        for (server, started) in servers {
            Task {
                await started.value
                await server.shutdown()
            }
        }
    }

    private func finish(_ code: Int32) {
        recyclingTimer?.cancel()
        for socket in sockets { close(socket.descriptor) }
        finished?.resume(returning: code)
        finished = nil
    }
}
