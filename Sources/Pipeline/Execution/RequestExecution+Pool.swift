/// Stage handlers whose work continues on the blocking-call pool (pool mode): to the stage machine
/// they are PENDING handlers that complete themselves.
extension HttpContext {
    /// Runs `body`, which calls `finish` exactly once with the handler's status (or a thrown
    /// error). Called synchronously, that is the handler's answer; called later (after a pool
    /// call, on the executor), the handler answers PENDING now and `finish` completes it, as
    /// `IndicateCompletion` would, without a second hop.
    package func runSuspendable(_ notification: RequestNotification,
                                _ body: (_ finish: @escaping (() throws -> NotificationStatus) -> Void) -> Void)
        -> NotificationStatus
    {
        let module = currentModule
        var immediate: NotificationStatus?
        var generation: UInt64?
        body { [self] answer in
            let status: NotificationStatus
            do {
                status = try answer()
            } catch {
                fail(module: module.map { pipeline.modules[$0].name } ?? "?", notification: notification, error: error)
                status = .finishRequest
            }
            if let generation {
                resume(.indicate(status), generation: generation)
            } else {
                immediate = status
            }
        }
        if let immediate { return immediate }
        completionGeneration += 1
        generation = completionGeneration
        suspendedOnPool = true
        return .pending
    }

    /// The execution mode of the module whose handler is running (`.eventLoop` outside one).
    package var currentModuleThreading: ExecutionMode {
        currentModule.map { pipeline.modules[$0].threading } ?? .eventLoop
    }

    /// Runs `work` on the blocking-call pool with the connection parked, then `then` on the same
    /// pool thread, the connection still parked, so the request goes on there until it waits or
    /// completes (`PipelineConnection.runParked`, `.pool`). False when the pool refused it.
    /// `mandatory`: queue it even past the queue limit (work that must run, such as a completion).
    package func runParked<Result>(name: String, mandatory: Bool = false, _ work: @escaping () -> Result,
                                   then: @escaping (Result) -> Void) -> Bool {
        connection.runParked(mandatory: mandatory, trace: (.module, name), continuation: .pool, work, then: then)
    }

    /// Runs `work` now, or once the pool thread that owns the connection has handed it back (on
    /// the executor): for an entry that hopped to the executor from another thread while the
    /// connection is parked, which must not touch the request meanwhile.
    package func whenUnparked(_ work: @escaping () -> Void) {
        connection.whenUnparked(work)
    }

    /// Whether a pooled handler may park the connection now (not when already parked).
    package var mayPark: Bool { connection.mayPark }

    /// The pool refused a call (its queue is full): 503, as IIS answers when an application
    /// pool's queue is full, and the request finishes.
    package func answerPoolSaturated(by name: String) {
        let statistics = pipeline.callPool.statistics
        pipeline.logger.warning("503 for request \(requestID): the blocking-call pool is saturated (\(pipeline.callPool.configuration.threads) threads busy, \(pipeline.callPool.configuration.queueLimit) calls queued) when '\(name)' was to run; \(statistics.rejected.load(ordering: .relaxed)) calls refused so far")
        if !response.headersSent && !response.rawOutputStarted {
            response.clear()
            response.setStatus(503)
            response.headers.set("Content-Type", "text/plain; charset=utf-8")
            response.headers.set("Retry-After", "1")
            response.write("503 Service Unavailable: the server is too busy (its thread pool for blocking filters and modules is full).\n")
        }
    }
}
