import Memory
import Dispatch
import Pipeline
import Synchronization

/// What the probe saw, readable from the test's thread.
final class ProbeRecorder: Sendable {
    /// The probe pipeline's own memory accounting.
    let accounting = MemoryAccounting()
    let connections = Mutex<[WeakBox]>([])
    let arenas = Mutex<[WeakBox]>([])
    let closes = Atomic<Int>(0)
    let mappedURLs = Mutex<[String]>([])

    var closeCount: Int { closes.load(ordering: .relaxed) }
    var liveConnections: Int { connections.withLock { $0.filter { $0.object != nil }.count } }
    var liveArenaObjects: Int { arenas.withLock { $0.filter { $0.object != nil }.count } }
}

/// A test module in ExecuteRequestHandler with a few behaviours chosen by path:
///
/// * `/probe/alloc`: 64 bytes of connection memory (AllocMem), filled with a pattern, kept in
///   the connection's module storage; answers `conn=<id>`.
/// * `/probe/read`: checks those bytes; answers `conn=<id> intact=<bool>`.
/// * `/stream`: writes, flushes, writes again (a streamed response of unknown length).
/// * `/pending`: returns PENDING and completes 150 ms later from a Dispatch thread.
/// * `/body`: echoes the request body.
/// * `/inject`: a header value with CR LF in it.
/// * `/big`: 32 MiB of `b`.
/// * `/short`: announces Content-Length 100 and writes 9 bytes.
/// * anything else: `METHOD PATH` as text.
final class ProbeModule: HttpModule {
    static let name = "ProbeModule"
    let recorder: ProbeRecorder

    init(recorder: ProbeRecorder) { self.recorder = recorder }

    static func registration(_ recorder: ProbeRecorder) -> ModuleRegistration {
        ModuleRegistration(name: name, factory: ClosureModuleFactory { _ in ProbeModule(recorder: recorder) },
                           notifications: .executeRequestHandler)
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws
        -> NotificationStatus
    {
        let connection = context.connection
        let id = "\(UInt(bitPattern: ObjectIdentifier(connection).hashValue))"
        let response = context.response
        switch context.request.path {
        case "/probe/alloc":
            guard let block = connection.arena.allocate(byteCount: 64) else { throw ProbeError.noMemory }
            block.initializeMemory(as: UInt8.self, repeating: 0xAB, count: 64)
            try connection.moduleContexts.set(ProbeMemory(block), for: Self.name)
            recorder.connections.withLock { $0.append(WeakBox(connection)) }
            recorder.arenas.withLock { $0.append(WeakBox(connection.arena)) }
            response.write("conn=\(id)")
        case "/probe/read":
            let memory = connection.moduleContexts.get(for: Self.name) as? ProbeMemory
            let intact = memory.map { probe in
                (0..<64).allSatisfy { probe.block.load(fromByteOffset: $0, as: UInt8.self) == 0xAB }
            } ?? false
            response.write("conn=\(id) intact=\(intact)")
        case "/stream":
            response.write("first;")
            response.flush()
            response.write("second")
        case "/pending":
            response.write("finished later")
            let handle = context.makeCompletionHandle()
            // A plain thread, not a Task: blocking test clients may hold every cooperative thread.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(150)) {
                handle.indicateCompletion(.finishRequest)
            }
            return .pending
        case "/body":
            response.write(context.request.body)
        case "/inject":
            response.headers.set("X-Test", "a\r\nX-Injected: yes")
            response.write("injected?")
        case "/big":
            response.write([UInt8](repeating: UInt8(ascii: "b"), count: 32 * 1024 * 1024))
        case "/short":
            response.headers.set("Content-Length", "100")
            response.write("only this")
        default:
            response.write("\(context.request.method) \(context.request.path)")
        }
        return .finishRequest
    }
}

enum ProbeError: Error { case noMemory }

final class ProbeMemory: StoredContext {
    let block: UnsafeMutableRawPointer
    init(_ block: UnsafeMutableRawPointer) { self.block = block }
    func cleanupStoredContext() {}
}

/// Counts connection closes (the isapi-bridge connection-close global notification).
final class CloseCounter: GlobalModule {
    let recorder: ProbeRecorder
    init(recorder: ProbeRecorder) { self.recorder = recorder }

    func connectionClosed(_ connection: PipelineConnection) -> GlobalNotificationStatus {
        recorder.closes.add(1, ordering: .relaxed)
        return .continue
    }

    static func registration(_ recorder: ProbeRecorder) -> GlobalModuleRegistration {
        GlobalModuleRegistration(name: "CloseCounter", module: CloseCounter(recorder: recorder),
                                 notifications: .connectionClose)
    }
}

/// Records every URL mapped (MapPath), to show the static file handler maps through the pipeline.
final class MapPathRecorder: HttpModule {
    let recorder: ProbeRecorder
    init(recorder: ProbeRecorder) { self.recorder = recorder }

    static func registration(_ recorder: ProbeRecorder) -> ModuleRegistration {
        ModuleRegistration(name: "MapPathRecorder", factory: ClosureModuleFactory { _ in MapPathRecorder(recorder: recorder) },
                           notifications: .mapPath)
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws
        -> NotificationStatus
    {
        if case .mapPath(let event) = provider { recorder.mappedURLs.withLock { $0.append(event.url) } }
        return .continue
    }
}

/// A pipeline with the probe and the close counter.
func probePipeline(_ recorder: ProbeRecorder) -> RequestPipeline {
    makePipeline(modules: [ProbeModule.registration(recorder)], globalModules: [CloseCounter.registration(recorder)],
                 accounting: recorder.accounting)
}
