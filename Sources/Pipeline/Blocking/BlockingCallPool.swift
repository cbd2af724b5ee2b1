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
/// LDAP bind. Work waits in a bounded queue while every thread is busy; past the queue's limit it
/// is refused (the caller answers 503), unless it must run (a connection's last notification).
///
/// Threads start on demand, so a configuration without blocking work pays nothing. The pool is
/// reusable: a caller hands it a closure; parking a connection around that closure is
/// `PipelineConnection.runParked`'s business, not the pool's.
public final class BlockingCallPool: @unchecked Sendable {
    public let configuration: BlockingCallPoolConfiguration
    public let statistics = BlockingCallStatistics()
    /// Every pool of the process together (the metrics page).
    public static let processStatistics = BlockingCallStatistics()

    private struct Job {
        let work: @Sendable (Duration) -> Void
        let queuedAt: ContinuousClock.Instant
    }

    // Guarded by `mutex` (a pthread mutex, to pair with the condition variable).
    private var queue: [Job] = []
    private var queueHead = 0
    private var threads = 0
    private var idle = 0
    private var stopping = false
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    public init(configuration: BlockingCallPoolConfiguration = .default) {
        self.configuration = configuration
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    /// The name its threads carry (at most 15 characters, the kernel's limit).
    public static let threadName = "isapi-pool"

    /// One pool per process unless a configuration names its own limits
    /// (`SiteAssembly` makes the configured one).
    public static let shared = BlockingCallPool()

    /// Runs `work` on a pool thread, giving it how long it waited for one. False (and `work` is
    /// dropped) when the queue is at its limit and `mandatory` is false.
    @discardableResult
    public func submit(mandatory: Bool = false, _ work: @escaping @Sendable (_ waited: Duration) -> Void) -> Bool {
        pthread_mutex_lock(mutex)
        let waiting = queue.count - queueHead
        if !mandatory && idle == 0 && threads >= configuration.threads && waiting >= configuration.queueLimit {
            pthread_mutex_unlock(mutex)
            statistics.rejected.add(1, ordering: .relaxed)
            Self.processStatistics.rejected.add(1, ordering: .relaxed)
            return false
        }
        queue.append(Job(work: work, queuedAt: .now))
        statistics.calls.add(1, ordering: .relaxed)
        Self.processStatistics.calls.add(1, ordering: .relaxed)
        let startThread = idle <= waiting && threads < configuration.threads
        if startThread { threads += 1 }
        if idle > 0 { pthread_cond_signal(condition) }
        pthread_mutex_unlock(mutex)
        if startThread { spawn() }
        return true
    }

    /// Lets the threads finish what is queued and end (tests; a process just exits).
    public func shutdown() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func spawn() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            let pool = Unmanaged<BlockingCallPool>.fromOpaque(argument!).takeRetainedValue()
            BlockingCallPool.nameCurrentThread()
            pool.run()
            return nil
        }, box)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<BlockingCallPool>.fromOpaque(box).release()
            pthread_mutex_lock(mutex)
            threads -= 1
            pthread_mutex_unlock(mutex)
        }
    }

    /// Names the calling thread for ps, gdb and crash reports (a new thread inherits its creator's
    /// name: an event loop's). Through /proc, as `pthread_setname_np` is a GNU extension the Glibc
    /// module does not export.
    private static func nameCurrentThread() {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = threadName.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        #endif
    }

    private func run() {
        pthread_mutex_lock(mutex)
        while true {
            while queueHead == queue.count && !stopping {
                idle += 1
                pthread_cond_wait(condition, mutex)
                idle -= 1
            }
            if queueHead == queue.count {
                threads -= 1
                pthread_mutex_unlock(mutex)
                return
            }
            let job = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            pthread_mutex_unlock(mutex)
            let waited = ContinuousClock.now - job.queuedAt
            statistics.noteWait(waited)
            Self.processStatistics.noteWait(waited)
            statistics.running.add(1, ordering: .relaxed)
            Self.processStatistics.running.add(1, ordering: .relaxed)
            job.work(waited)
            statistics.running.subtract(1, ordering: .relaxed)
            Self.processStatistics.running.subtract(1, ordering: .relaxed)
            pthread_mutex_lock(mutex)
        }
    }
}

/// Sizes of a `BlockingCallPool`.
public struct BlockingCallPoolConfiguration: Sendable, Equatable {
    /// At most this many calls run at once (threads are started as needed, never stopped).
    public var threads: Int
    /// At most this many calls wait for a thread; more are refused (503) unless they must run.
    public var queueLimit: Int

    public init(threads: Int = 64, queueLimit: Int = 4096) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
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
