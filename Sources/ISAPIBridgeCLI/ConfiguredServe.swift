import Config
import Dispatch
import Logging
import Monitoring
import Pipeline
import RequestLog
import Server
import ServiceLifecycle
import SiteAssembly
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `serve` and `trace`: read the model (a configuration file or the demo site), assemble, listen,
/// reload on SIGHUP.
struct ConfiguredServe {
    let source: ServeSource
    let options: ServerOptions
    let traceHandler: (@Sendable (RequestTrace) -> Void)?
    /// Turn the trace on for the metrics' per-filter and per-module timings.
    var moduleTiming = false
    /// Set in a worker process: the supervisor's sockets, and what to call once all accept.
    var worker: WorkerRole?

    func run() async throws {
        let logger = Logger(label: "isapi-bridge")
        let writers = options.noRequestLog ? nil : W3CLogWriterSet(pendingLimit: options.logBufferBytes)
        let metrics = options.adminPort == nil ? nil : ServerMetrics()
        let pipelineOptions = PipelineOptions(
            tracing: traceHandler != nil || (moduleTiming && options.adminPort != nil), traceHandler: traceHandler, logger: Logger(label: "isapi-bridge.pipeline"),
            logDirectory: source.defaultLogDirectory(options: options), logWriters: writers, observers: metrics.map { [$0] } ?? [])
        let load = ConfigLoad(source: source, options: options, pipelineOptions: pipelineOptions, pool: worker?.pool)
        let assembled: AssembledServer
        do {
            assembled = try load.assemble(logger: logger)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw StartupError(message: "\(load.name): \(error.errors.count) error(s); the server does not start")
        }
        var template = ServerConfiguration()
        if let threads = options.threads { template.eventLoopThreads = threads }
        // Limits are fixed at start: a SIGHUP reload does not change them.
        template.apply(assembled.model.connectionLimits)
        options.limits.apply(to: &template)
        if let metrics { template.onProtocolAnswer = { status in metrics.protocolAnswered(status: status) } }
        let announce: @Sendable (String, [String]) -> Void
        if let worker {
            let waiting = Mutex(Set(assembled.model.listeners).intersection(worker.sockets.keys).count)
            announce = { _, _ in
                if waiting.withLock({ $0 -= 1; return $0 }) == 0 { worker.onReady() }
            }
        } else {
            announce = { url, sites in
                print("isapi-bridge listening on \(url)  (sites: \(sites.joined(separator: ", ")); \(source.label))")
                fflush(nil)
            }
        }
        let server = ConfiguredServer(assembled, template: template, logger: logger,
                                      boundSockets: try worker?.sockets ?? Self.bindListeners(of: assembled),
                                      onListening: announce)
        worker?.onServers(server.servers.map(\.server), { server.notifyHealthCheck() })
        // A worker's configuration changes by being replaced: the supervisor rereads the file and
        // forwards SIGHUP to the workers it replaces, whose global modules hear GL_CONFIGURATION_CHANGE.
        let reload = worker != nil ? ReloadSignal { server.notifyConfigurationChange() } : ReloadSignal {
            logger.notice("SIGHUP: reloading \(load.name)")
            do throws(ConfigError) {
                let next = try load.assemble(logger: logger)
                server.install(next)
                logger.notice("configuration reloaded: \(next.sites.count) site(s); new connections use it")
            } catch {
                for diagnostic in error.diagnostics { logger.error("\(diagnostic.description)") }
                logger.error("configuration reload failed; the previous configuration stays in force")
            }
        }
        var services: [any Service] = [server]
        if let adminPort = options.adminPort, let metrics {
            services.append(AdminServer(host: options.adminHost, port: adminPort, metrics: metrics,
                                        connections: { server.servers.reduce(0) { $0 + $1.server.connectionCount } },
                                        logger: logger) { [worker] url in
                if let worker {
                    worker.onAdmin(Int(url.split(separator: ":").last?.prefix { $0.isNumber } ?? "") ?? 0)
                    return
                }
                print("isapi-bridge metrics on \(url)metrics")
                fflush(nil)
            })
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        reload.cancel()
        writers?.flushAll()
    }
}

extension ConfiguredServe {
    /// Without worker processes this process binds its listeners and accepts on them itself, as a
    /// worker does (`SharedSocketAcceptor`): SwiftNIO's own accept leaves a connection without
    /// close-on-exec, and a process that native code starts (`system`, `popen`, `fork`) would then
    /// hold the client's connection open after the server closed it. Nothing inherits these
    /// listeners, so they are close-on-exec too.
    static func bindListeners(of assembled: AssembledServer) throws -> [Listener: Int32] {
        var bound: [Listener: Int32] = [:]
        for listener in assembled.model.listeners {
            let socket = try ListeningSocket.bind(listener)
            _ = fcntl(socket.descriptor, F_SETFD, FD_CLOEXEC)
            bound[listener] = socket.descriptor
        }
        return bound
    }
}

/// What a worker process adds to `ConfiguredServe`.
struct WorkerRole: Sendable {
    /// The listeners the supervisor bound, by the model's `ip:port`.
    let sockets: [Listener: Int32]
    /// The application pool whose sites it serves (nil: every site).
    let pool: String?
    /// Told the port of its metrics listener.
    let onAdmin: @Sendable (Int) -> Void
    /// Given the servers once they exist (the health ping asks them whether they can serve) and
    /// what raises GL_HEALTH_CHECK on each ping.
    let onServers: @Sendable ([HTTPServer], @escaping @Sendable () -> Void) -> Void
    let onReady: @Sendable () -> Void
}

/// Reads and assembles the model (at start and on every SIGHUP): the one path from a
/// `ServerModel` to pipelines, with one load-failure policy (any error: nothing is served).
struct ConfigLoad: Sendable {
    let source: ServeSource
    let options: ServerOptions
    let pipelineOptions: PipelineOptions
    /// A worker's application pool: only its sites are assembled (their filters and modules loaded).
    var pool: String? = nil

    /// The file, or the demo mode, for messages.
    var name: String {
        if case .file(let file) = source { return file }
        return DemoServerModel.source
    }

    func assemble(logger: Logger) throws(ConfigError) -> AssembledServer {
        var model = try source.read(options: options)
        if let pool { model.sites = model.sites.filter { $0.applicationPool.lowercased() == pool.lowercased() } }
        let assembled = try ServerAssembler(options: pipelineOptions).assemble(model)
        for warning in assembled.warnings { logger.warning("\(warning.description)") }
        if pool == nil && !assembled.notes.isEmpty {
            logger.notice("\(Set(assembled.notes.map(\.item)).count) configured item(s) do not run on isapi-bridge (ASP.NET, Windows-only modules, ...); `isapi-bridge check` lists them")
        }
        return assembled
    }
}

/// Calls `action` on each SIGHUP, on a private queue.
final class ReloadSignal: Sendable {
    nonisolated(unsafe) private let source: any DispatchSourceSignal  // only resumed and cancelled

    init(_ action: @escaping @Sendable () -> Void) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "isapi-bridge.reload"))
        source.setEventHandler(handler: action)
        source.resume()
    }

    func cancel() { source.cancel() }
}

func printError(_ text: String) {
    FileDescriptorText.write(text + "\n", to: STDERR_FILENO)
}

/// Writes text straight to a file descriptor (stderr without touching C's `stderr` global).
enum FileDescriptorText {
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}
