import Dispatch
import ISAPIHeaders
import ISAPIRuntime
import Pipeline
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One request served by an ISAPI extension: its `EXTENSION_CONTROL_BLOCK` and what the
/// callbacks act on. The ECB and its strings live until the request ends (`close()`).
///
/// Everything here is touched by the request's owner: its executor (the event loop), or in pool
/// mode the pool thread running `HttpExtensionProc` while the connection is parked. A callback made
/// on the thread running extension code acts at once; one from another thread (a worker of the
/// extension after `HSE_STATUS_PENDING`) is run on the executor, once the connection is not
/// parked, and waited for (`onExecutor`).
final class ExtensionSession: @unchecked Sendable {
    enum Phase {
        /// `HttpExtensionProc` has not returned yet.
        case running
        /// It returned `HSE_STATUS_PENDING`; `HSE_REQ_DONE_WITH_SESSION` ends it.
        case pending
        /// The extension is done; the pipeline finishes the request.
        case finished
        /// The request ended: the ECB is freed, callbacks fail.
        case closed
    }

    let id: UInt
    let ecb: UnsafeMutablePointer<EXTENSION_CONTROL_BLOCK>
    let `extension`: NativeExtension
    let settings: ExtensionSettings
    let executor: any ConnectionExecutor
    /// `HttpExtensionProc` runs on the blocking-call pool (the handler's `threading="pool"`); so do
    /// the I/O completion callbacks.
    let pooled: Bool
    /// Valid until `close()`, which the request's end calls on the executor; only read there.
    unowned(unsafe) let context: HttpContext

    // Executor-confined state.
    var phase = Phase.running
    /// `HSE_REQ_SEND_RESPONSE_HEADER(_EX)`, a redirect or a first write happened.
    var headersSent = false
    /// `HSE_REQ_SET_FLUSH_FLAG`: every write is flushed to the client.
    var flushEachWrite = false
    /// `HSE_REQ_IO_COMPLETION`.
    var ioCompletion: (callback: PFN_HSE_IO_COMPLETION, context: UnsafeMutableRawPointer?)?
    /// Resumes the pipeline after PENDING.
    var completion: CompletionHandle?
    /// `HSE_REQ_DONE_WITH_SESSION` arrived while `HttpExtensionProc` was still running: its status.
    var doneEarly: DWORD?
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private var readAhead: UnsafeMutableRawPointer?

    /// The thread running extension code on the executor now (`pthread_self`), 0 when none.
    private let runningThread = Atomic<UInt>(0)
    private let closedFlag = Atomic<Bool>(false)

    init(extension: NativeExtension, context: HttpContext, settings: ExtensionSettings, pooled: Bool = false) {
        id = ExtensionSessions.nextID()
        self.pooled = pooled
        self.extension = `extension`
        self.context = context
        self.settings = settings
        self.executor = context.executor
        ecb = .allocate(capacity: 1)
        ecb.initialize(to: EXTENSION_CONTROL_BLOCK())
        fill(context)
        ExtensionSessions.insert(self)
    }

    /// The ECB's fields, as IIS documents them.
    private func fill(_ context: HttpContext) {
        let request = context.request
        ecb.pointee.cbSize = DWORD(MemoryLayout<EXTENSION_CONTROL_BLOCK>.size)
        ecb.pointee.dwVersion = ExtensionRevision.hseVersion
        ecb.pointee.ConnID = HCONN(bitPattern: id)
        ecb.pointee.dwHttpStatusCode = 200
        ecb.pointee.lpszMethod = copy(request.method)
        ecb.pointee.lpszQueryString = copy(request.query)
        ecb.pointee.lpszPathInfo = copy(context.serverVariable("PATH_INFO") ?? request.path)
        ecb.pointee.lpszPathTranslated = copy(context.serverVariable("PATH_TRANSLATED") ?? "")
        ecb.pointee.lpszContentType = copy(request.headers["Content-Type"] ?? "")
        let total = request.remainingEntityBytes
        ecb.pointee.cbTotalBytes = DWORD(clamping: total)
        // The first chunk, through ReadEntity like every other read of the body.
        let first = context.readEntityBody(maxBytes: min(total, settings.uploadReadAheadSize))
        let block = malloc(max(first.count, 1))!
        first.withUnsafeBytes { if let base = $0.baseAddress { block.copyMemory(from: base, byteCount: first.count) } }
        readAhead = block
        ecb.pointee.lpbData = block.assumingMemoryBound(to: BYTE.self)
        ecb.pointee.cbAvailable = DWORD(first.count)
        ecb.pointee.GetServerVariable = ExtensionCallbacks.getServerVariable
        ecb.pointee.WriteClient = ExtensionCallbacks.writeClient
        ecb.pointee.ReadClient = ExtensionCallbacks.readClient
        ecb.pointee.ServerSupportFunction = ExtensionCallbacks.serverSupportFunction
    }

    private func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        let copied = strdup(text)!
        strings.append(copied)
        return copied
    }

    // MARK: Running extension code

    /// Runs extension code (`HttpExtensionProc`, an I/O completion) on this thread, marked as the
    /// thread whose callbacks act at once.
    func runningExtensionCode<T>(_ body: () -> T) -> T {
        let previous = runningThread.exchange(Self.currentThread, ordering: .acquiringAndReleasing)
        defer { runningThread.store(previous, ordering: .releasing) }
        return body()
    }

    /// Runs `work` on the executor and returns its result: at once when called from extension code
    /// running there, else by hopping to it and waiting. nil when the request has ended.
    /// A thread of the extension that calls back while `HttpExtensionProc` is still running waits
    /// until it returns (do not join such a thread from inside `HttpExtensionProc`).
    func onExecutor<T>(_ work: (ExtensionSession) -> T) -> T? {
        if runningThread.load(ordering: .acquiring) == Self.currentThread {
            return phase == .closed ? nil : work(self)
        }
        if closedFlag.load(ordering: .acquiring) { return nil }
        return withoutActuallyEscaping(work) { work in
            let hop = Hop(work: work)
            let done = DispatchSemaphore(value: 0)
            executor.execute { [self] in
                // The atomic flag, not `phase`: a pool thread may own the request now.
                guard !closedFlag.load(ordering: .acquiring) else {
                    hop.work = nil
                    done.signal()
                    return
                }
                // While a pool thread runs HttpExtensionProc it owns the request: wait for it.
                context.whenUnparked { [self] in
                    if phase != .closed, let work = hop.work { hop.result = work(self) }
                    hop.work = nil  // the closure must not outlive this call
                    done.signal()
                }
            }
            done.wait()
            return hop.result
        }
    }

    /// Carries a closure and its result across the hop; the calling thread waits meanwhile.
    private final class Hop<T>: @unchecked Sendable {
        var work: ((ExtensionSession) -> T)?
        var result: T?
        init(work: @escaping (ExtensionSession) -> T) { self.work = work }
    }

    private static var currentThread: UInt {
        #if canImport(Glibc)
        UInt(pthread_self())
        #else
        UInt(bitPattern: pthread_self())
        #endif
    }

    /// Calls the extension's I/O completion callback later (never inline, as IIS calls it after
    /// the call that started the operation has returned): on the executor once the connection is
    /// not parked, and from there on a pool thread in pool mode (extension code may block there),
    /// else on the executor itself.
    func completeAsync(bytes: Int, error: Win32Error = .success) {
        guard let (callback, ioContext) = ioCompletion else { return }
        let ioContextBits = UInt(bitPattern: ioContext)
        executor.execute { [self] in
            guard !closedFlag.load(ordering: .acquiring) else { return }
            context.whenUnparked { [self] in
                guard phase == .running || phase == .pending else {
                    if phase != .closed {
                        context.pipeline.logger.warning("ISAPI extension '\(`extension`.name)': an I/O completion after the session ended was dropped")
                    }
                    return
                }
                let call = { [self] in
                    runningExtensionCode {
                        callback(ecb, UnsafeMutableRawPointer(bitPattern: ioContextBits), DWORD(clamping: bytes), error.code)
                    }
                }
                // Mandatory: a completion the extension waits for cannot be refused.
                if pooled && context.mayPark && context.runParked(name: `extension`.name, mandatory: true, call, then: { _ in }) { return }
                call()
            }
        }
    }

    // MARK: End

    /// The request ended: no callback reaches it any more; the ECB and its strings are freed.
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        closedFlag.store(true, ordering: .releasing)
        ExtensionSessions.remove(id)
        for string in strings { free(string) }
        strings.removeAll()
        free(readAhead)
        readAhead = nil
        ecb.deinitialize(count: 1)
        ecb.deallocate()
    }
}

/// The ISAPI revision the server reports.
enum ExtensionRevision {
    /// `HSE_VERSION`: MAKELONG(HSE_VERSION_MINOR, HSE_VERSION_MAJOR) = 8.0.
    static let hseVersion = DWORD(8) << 16
}
