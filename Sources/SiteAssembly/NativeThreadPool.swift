import Config
import Pipeline
import Synchronization

/// The process's blocking-call pool for a configuration's `<nativeThreadPool>`: one per process
/// (as IIS has one set of worker threads per worker process); a reload that changes the sizes
/// gets a new pool, and the old one's threads stay idle.
enum NativeThreadPool {
    private static let current = Mutex<BlockingCallPool?>(nil)

    static func pool(for model: NativeThreadPoolModel) -> BlockingCallPool {
        let wanted = BlockingCallPoolConfiguration(threads: model.threads, queueLimit: model.queueLength,
                                                   concurrency: model.concurrency, stallThreshold: model.stallThreshold)
        return current.withLock { pool in
            if let pool, pool.configuration == wanted { return pool }
            let made = wanted == BlockingCallPool.shared.configuration ? BlockingCallPool.shared : BlockingCallPool(configuration: wanted)
            pool = made
            return made
        }
    }
}

extension ExecutionMode {
    init(_ threading: NativeThreading) {
        switch threading {
        case .pool: self = .pool
        case .eventLoop: self = .eventLoop
        }
    }
}
