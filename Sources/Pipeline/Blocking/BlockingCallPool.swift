#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A bounded set of threads for code that may block (native filters and modules in pool mode, the
/// basic-authentication password check): what IIS's worker threads are to a filter that does an
/// LDAP bind. Work waits in a bounded queue; past the queue's limit it is refused (the caller
/// answers 503), unless it must run (a connection's last notification).
///
/// **Concurrency, as an I/O completion port limits it.** IIS's worker threads run under a
/// completion port whose concurrency is the number of processors: only that many run at once, and
/// another is released when one blocks. The kernel tells the port when a thread blocks; here the
/// pool infers it: a call still running after `stallThreshold` is taken to be waiting (an LDAP
/// bind, a `Sleep`), stops counting against `concurrency`, and the next queued call gets a thread.
/// So code that never blocks runs on about as many threads as there are processors (more threads
/// than that only contend for locks and switch; measured: 13-15 context switches per request with
/// one thread per connection, 3 with this), and code that blocks still never holds up other
/// requests for more than about `stallThreshold`. A monitor thread watches for stalls while calls
/// wait behind the limit.
///
/// Threads start on demand (a configuration without blocking work pays nothing) and hand work
/// over directly: an idle thread is woken with its call (most recently idle first, whose cache is
/// warm), and a thread that finishes takes the next queued call itself. The pool is reusable: a
/// caller hands it a closure; parking a connection around that closure is
/// `PipelineConnection.runParked`'s business, not the pool's.
public final class BlockingCallPool: @unchecked Sendable {
    public let configuration: BlockingCallPoolConfiguration
    public let statistics = BlockingCallStatistics()
    /// Every pool of the process together (the metrics page).
    public static let processStatistics = BlockingCallStatistics()

    /// Times are monotonic nanoseconds (`monotonicNow`): plain integers keep `Job` and `Worker`
    /// of fixed layout, so handing a call over copies it directly instead of through the value
    /// witnesses a `ContinuousClock.Instant` field needs.
    private struct Job {
        let work: @Sendable (Duration) -> Void
        let queuedAt: UInt64
    }

    /// One thread of the pool; its fields are guarded by the pool's mutex.
    private final class Worker {
        let condition: UnsafeMutablePointer<pthread_cond_t>
        /// The call handed to this (idle) thread.
        var handed: Job?
        /// While running a call: when it started, and whether it is taken to be blocked.
        var startedAt: UInt64?
        var stalled = false

        init() {
            condition = .allocate(capacity: 1)
            pthread_cond_init(condition, nil)
        }

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }
    }

    // Guarded by `mutex`.
    private var queue: [Job] = []
    private var queueHead = 0
    private var workers: [Worker] = []
    /// Idle threads, most recently idle last.
    private var idle: [Worker] = []
    /// Threads running a call, and how many of those calls are taken to be blocked.
    private var running = 0
    private var stalled = 0
    private var monitorStarted = false
    /// The monitor is in its timed wait (calls are waiting), not asleep until signalled.
    private var monitorWatching = false
    private var stopping = false
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let monitorCondition: UnsafeMutablePointer<pthread_cond_t>

    public init(configuration: BlockingCallPoolConfiguration = .default) {
        self.configuration = configuration
        mutex = .allocate(capacity: 1)
        monitorCondition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(monitorCondition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    /// The name its threads carry (at most 15 characters, the kernel's limit).
    public static let threadName = "isapi-pool"

    /// One pool per process unless a configuration names its own limits
    /// (`SiteAssembly` makes the configured one).
    public static let shared = BlockingCallPool()

    private var waiting: Int { queue.count - queueHead }
    /// Whether one more call may start now: fewer calls that are not blocked than `concurrency`,
    /// and a thread free or allowed.
    private var mayStartAnother: Bool {
        running - stalled < configuration.concurrency && (!idle.isEmpty || workers.count < configuration.threads)
    }

    /// Runs `work` on a pool thread, giving it how long it waited for one. False (and `work` is
    /// dropped) when the queue is at its limit and `mandatory` is false.
    @discardableResult
    public func submit(mandatory: Bool = false, _ work: @escaping @Sendable (_ waited: Duration) -> Void) -> Bool {
        pthread_mutex_lock(mutex)
        if !mandatory && waiting >= configuration.queueLimit && !mayStartAnother {
            pthread_mutex_unlock(mutex)
            statistics.rejected.add(1, ordering: .relaxed)
            Self.processStatistics.rejected.add(1, ordering: .relaxed)
            return false
        }
        statistics.calls.add(1, ordering: .relaxed)
        Self.processStatistics.calls.add(1, ordering: .relaxed)
        if waiting == 0 && running - stalled < configuration.concurrency, let worker = idle.popLast() {
            // The common case: straight to the most recently idle thread, past the queue.
            let now = Self.monotonicNow()
            worker.handed = Job(work: work, queuedAt: now)
            worker.startedAt = now
            running += 1
            pthread_cond_signal(worker.condition)
            pthread_mutex_unlock(mutex)
            return true
        }
        queue.append(Job(work: work, queuedAt: Self.monotonicNow()))
        let spawn = dispatchLocked()
        pthread_mutex_unlock(mutex)
        for worker in spawn { start(worker) }
        return true
    }

    /// Lets the threads finish what is queued and end (tests; a process just exits).
    public func shutdown() {
        pthread_mutex_lock(mutex)
        stopping = true
        for worker in idle { pthread_cond_signal(worker.condition) }
        pthread_cond_signal(monitorCondition)
        pthread_mutex_unlock(mutex)
    }

    /// Hands queued calls to threads while the limits allow; returns new workers to start (outside
    /// the lock). Wakes the monitor when calls are left waiting behind the limit.
    private func dispatchLocked() -> [Worker] {
        var spawned: [Worker] = []
        while waiting > 0 && mayStartAnother {
            let job = takeLocked()
            let worker: Worker
            if let reused = idle.popLast() {
                worker = reused
                pthread_cond_signal(worker.condition)
            } else {
                worker = Worker()
                workers.append(worker)
                spawned.append(worker)
            }
            worker.handed = job
            worker.startedAt = Self.monotonicNow()
            running += 1
        }
        if waiting > 0 && !stopping {
            if monitorStarted {
                // Only a monitor with nothing to watch sleeps untimed; one already watching
                // looks again within `stallThreshold` anyway (waking it per call would cost a
                // context switch per call).
                if !monitorWatching { pthread_cond_signal(monitorCondition) }
            } else {
                monitorStarted = true
                startMonitor()
            }
        }
        return spawned
    }

    private func takeLocked() -> Job {
        let job = queue[queueHead]
        queueHead += 1
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        }
        return job
    }

    private func start(_ worker: Worker) {
        detach { pool in pool.run(worker) } failed: { pool in
            // No thread: the call goes back to the queue, and this worker is gone.
            pthread_mutex_lock(pool.mutex)
            if let job = worker.handed {
                pool.queue.insert(job, at: pool.queueHead)
                pool.running -= 1
            }
            pool.workers.removeAll { $0 === worker }
            pthread_mutex_unlock(pool.mutex)
        }
    }

    private func detach(_ body: @escaping (BlockingCallPool) -> Void, failed: (BlockingCallPool) -> Void) {
        let box = Unmanaged.passRetained(ThreadStart(pool: self, body: body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            let start = Unmanaged<ThreadStart>.fromOpaque(argument!).takeRetainedValue()
            start.body(start.pool)
            return nil
        }, box)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<ThreadStart>.fromOpaque(box).release()
            failed(self)
        }
    }

    private final class ThreadStart {
        let pool: BlockingCallPool
        let body: (BlockingCallPool) -> Void
        init(pool: BlockingCallPool, body: @escaping (BlockingCallPool) -> Void) {
            self.pool = pool
            self.body = body
        }
    }

    private func run(_ worker: Worker) {
        Self.nameCurrentThread(Self.threadName)
        Self.yieldOnWakeUp()
        pthread_mutex_lock(mutex)
        while true {
            while worker.handed == nil && !stopping {
                pthread_cond_wait(worker.condition, mutex)
            }
            if worker.handed == nil {
                // Stopping: what is queued still runs, whatever the limits; then the thread ends.
                guard waiting > 0 else {
                    workers.removeAll { $0 === worker }
                    idle.removeAll { $0 === worker }
                    pthread_mutex_unlock(mutex)
                    return
                }
                idle.removeAll { $0 === worker }
                worker.handed = takeLocked()
                worker.startedAt = Self.monotonicNow()
                running += 1
            }
            guard let job = worker.handed else { continue }
            worker.handed = nil
            pthread_mutex_unlock(mutex)
            perform(job)
            pthread_mutex_lock(mutex)
            running -= 1
            if worker.stalled { stalled -= 1 }
            worker.stalled = false
            worker.startedAt = nil
            // The next queued call, on this (warm) thread, if the limit allows; else idle.
            if waiting > 0 && running - stalled < configuration.concurrency {
                worker.handed = takeLocked()
                worker.startedAt = Self.monotonicNow()
                running += 1
            } else {
                idle.append(worker)
            }
        }
    }

    /// Names the calling thread for ps, gdb and crash reports (a new thread inherits its creator's
    /// name: an event loop's). Through /proc, as `pthread_setname_np` is a GNU extension the Glibc
    /// module does not export.
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = name.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        #endif
    }

    /// SCHED_BATCH: a pool thread woken by the loop does not preempt it (it runs when the loop
    /// next waits or its time slice ends). Without it, every hand-over preempted the loop in the
    /// middle of its work, often holding a lock the pool thread then blocked on: about five
    /// context switches per request instead of two. Fairness between the threads is unchanged.
    private static func yieldOnWakeUp() {
        #if os(Linux)
        var parameters = sched_param()
        parameters.sched_priority = 0
        let schedBatch: Int32 = 3  // SCHED_BATCH (<sched.h>, Linux; not exported without _GNU_SOURCE)
        _ = pthread_setschedparam(pthread_self(), schedBatch, &parameters)
        #endif
    }

    private func perform(_ job: Job) {
        let now = Self.monotonicNow()
        let waited = Duration.nanoseconds(Int64(now >= job.queuedAt ? now - job.queuedAt : 0))
        statistics.noteWait(waited)
        Self.processStatistics.noteWait(waited)
        statistics.running.add(1, ordering: .relaxed)
        Self.processStatistics.running.add(1, ordering: .relaxed)
        job.work(waited)
        statistics.running.subtract(1, ordering: .relaxed)
        Self.processStatistics.running.subtract(1, ordering: .relaxed)
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    private static func monotonicNow() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(max(0, attoseconds / 1_000_000_000))
    }

    private func startMonitor() {
        detach { pool in pool.monitor() } failed: { pool in pool.monitorStarted = false }
    }

    /// While calls wait behind the concurrency limit: every `stallThreshold`, a running call that
    /// started before that is taken to be blocked and releases its place to a waiting call.
    private func monitor() {
        Self.nameCurrentThread("isapi-pool-mon")
        pthread_mutex_lock(mutex)
        while !stopping {
            if waiting == 0 {
                monitorWatching = false
                pthread_cond_wait(monitorCondition, mutex)
                continue
            }
            monitorWatching = true
            let now = Self.monotonicNow()
            let threshold = Self.nanoseconds(configuration.stallThreshold)
            for worker in workers where !worker.stalled {
                if let started = worker.startedAt, now >= started, now - started >= threshold {
                    worker.stalled = true
                    stalled += 1
                }
            }
            let spawn = dispatchLocked()
            if !spawn.isEmpty {
                pthread_mutex_unlock(mutex)
                for worker in spawn { start(worker) }
                pthread_mutex_lock(mutex)
            }
            if waiting > 0 { timedWait(configuration.stallThreshold) }
        }
        monitorStarted = false
        pthread_mutex_unlock(mutex)
    }

    private func timedWait(_ duration: Duration) {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let (seconds, attoseconds) = duration.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000) + deadline.tv_nsec
        deadline.tv_sec += nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        pthread_cond_timedwait(monitorCondition, mutex, &deadline)
    }
}

/// Sizes of a `BlockingCallPool`.
public struct BlockingCallPoolConfiguration: Sendable, Equatable {
    /// At most this many calls run at once (threads are started as needed, never stopped).
    public var threads: Int
    /// At most this many calls wait for a thread; more are refused (503) unless they must run.
    public var queueLimit: Int

    /// At most this many calls run at once that are not taken to be blocked (the completion
    /// port's concurrency value): by default the processors this process may run on.
    public var concurrency: Int
    /// A call running this long is taken to be blocked and stops counting against `concurrency`.
    public var stallThreshold: Duration

    public init(threads: Int = 64, queueLimit: Int = 4096, concurrency: Int? = nil,
                stallThreshold: Duration = .milliseconds(2)) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        self.concurrency = max(1, min(self.threads, concurrency ?? Self.availableProcessors))
        self.stallThreshold = max(.microseconds(100), stallThreshold)
    }

    /// The processors this process may run on: its affinity mask (`Cpus_allowed` in
    /// /proc/self/status, so a server pinned to one core counts one), else the online processors.
    public static let availableProcessors: Int = {
        if let status = readSmallFile("/proc/self/status"),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) {
            let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { total, character in
                total + (character.hexDigitValue?.nonzeroBitCount ?? 0)
            }
            if count > 0 { return count }
        }
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }()

    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 16_384)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count <= 0 { break }
            filled += count
        }
        return String(decoding: bytes[..<filled], as: UTF8.self)
    }

    public static let `default` = BlockingCallPoolConfiguration()
}

/// What a pool did, for the metrics page: counters since start plus what runs now.
public final class BlockingCallStatistics: Sendable {
    /// Calls accepted.
    public let calls = Atomic<Int>(0)
    /// Calls that waited at least `waitThreshold` for a thread (the pool was saturated).
    public let waited = Atomic<Int>(0)
    /// Total time those calls waited, in microseconds.
    public let waitMicroseconds = Atomic<Int>(0)
    /// Calls refused because the queue was full.
    public let rejected = Atomic<Int>(0)
    /// Calls running now.
    public let running = Atomic<Int>(0)

    /// A wait shorter than this is a thread waking up, not saturation.
    public static let waitThreshold = Duration.milliseconds(1)

    func noteWait(_ wait: Duration) {
        guard wait >= Self.waitThreshold else { return }
        waited.add(1, ordering: .relaxed)
        let (seconds, attoseconds) = wait.components
        waitMicroseconds.add(Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000), ordering: .relaxed)
    }
}
