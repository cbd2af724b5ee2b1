#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Memory
import Synchronization

/// Runs a connection without sockets: feed parsed requests, collect responses.
///
/// Work that modules post from other threads (PENDING completions) is queued and run by
/// `run(until:)`, so tests stay deterministic and single-threaded where it matters.
public final class InProcessDriver {
    public let connection: PipelineConnection
    public let executor: QueueExecutor
    public let pool: ChunkPool
    private let collector = ResponseCollector()

    public init(pipeline: RequestPipeline, info: ConnectionInfo = ConnectionInfo(), pool: ChunkPool? = nil) {
        let executor = QueueExecutor()
        let pool = pool ?? ChunkPool(configuration: pipeline.memory)
        self.executor = executor
        self.pool = pool
        self.connection = PipelineConnection(pipeline: pipeline, info: info, executor: executor, pool: pool)
        connection.sink = collector
    }

    /// Responses completed so far, in order.
    public var responses: [CollectedResponse] { collector.completed }

    /// Sends one request and runs queued work until its response is complete (or `timeout` passes,
    /// for requests left PENDING on another thread). Returns nil if no response completed.
    @discardableResult
    public func send(_ request: IncomingRequest, timeout: Duration = .seconds(5)) -> CollectedResponse? {
        let before = collector.completed.count
        connection.enqueue(request)
        run(until: { self.collector.completed.count > before }, timeout: timeout)
        return collector.completed.count > before ? collector.completed[before] : nil
    }

    /// Runs queued executor work until `condition` holds or `timeout` passes.
    public func run(until condition: () -> Bool, timeout: Duration = .seconds(5)) {
        let deadline = ContinuousClock.now + timeout
        while !condition() && ContinuousClock.now < deadline {
            if !executor.runQueued(waitingUntil: deadline) { break }
        }
    }

    /// Runs everything queued now (no waiting).
    public func drain() { while executor.runQueued(waitingUntil: .now) {} }

    /// Closes the connection as if the client went away.
    public func close() {
        connection.close()
        drain()
    }
}

/// A response as the client would receive it.
public struct CollectedResponse: Sendable {
    public var head: ResponseHead
    public var body: [UInt8]
    public var keepAlive: Bool
    /// What filters wrote to the client directly, framing included (WriteClient, SEND_RAW_DATA).
    public var raw: [UInt8] = []
    public var rawText: String { String(decoding: raw, as: UTF8.self) }
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
    public var status: Int { head.status }
    public func header(_ name: String) -> String? {
        if name.lowercased() == "content-length", let length = head.contentLength { return String(length) }
        return head.headers[name]
    }
}

final class ResponseCollector: ResponseSink {
    var completed: [CollectedResponse] = []
    /// Bytes written raw (by filters) since the last completed response.
    var raw: [UInt8] = []
    private var head: ResponseHead?
    private var body: [UInt8] = []

    func writeHead(_ head: ResponseHead) {
        self.head = head
        body = []
    }

    func writeBody(_ bytes: [UInt8]) {
        if head?.isHead != true { body += bytes }
    }

    func writeRaw(_ bytes: [UInt8]) { raw += bytes }

    func endResponse(keepAlive: Bool) {
        if let head {
            completed.append(CollectedResponse(head: head, body: body, keepAlive: keepAlive, raw: raw))
        } else {
            // A filter framed this response itself: collect it as raw bytes.
            let placeholder = ResponseHead(version: .http1_1, status: 0, reason: "", headers: HeaderList(),
                                           contentLength: nil, isHead: false, keepAlive: keepAlive)
            completed.append(CollectedResponse(head: placeholder, body: [], keepAlive: keepAlive, raw: raw))
        }
        self.head = nil
        body = []
        raw = []
    }
}

/// A thread-safe FIFO of work, run by whoever calls `runQueued`. Never runs work inline.
public final class QueueExecutor: ConnectionExecutor {
    private let state = Mutex<[@Sendable () -> Void]>([])
    private let signal = Mutex<Bool>(false)

    public init() {}

    public func execute(_ work: @escaping @Sendable () -> Void) {
        state.withLock { $0.append(work) }
    }

    /// Tasks queued and not run yet.
    public var pendingCount: Int { state.withLock { $0.count } }

    /// Runs what is queued; if nothing is, waits (polling) until `deadline`. False when nothing ran.
    @discardableResult
    public func runQueued(waitingUntil deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let work = state.withLock { queue -> [@Sendable () -> Void] in
                let taken = queue
                queue.removeAll()
                return taken
            }
            if !work.isEmpty {
                for item in work { item() }
                return true
            }
            if ContinuousClock.now >= deadline { return false }
            usleepShort()
        }
    }

    private func usleepShort() { usleep(200) }
}
