/// Where the supervisor is. A value, changed only on the supervisor's queue.
enum SupervisorPhase {
    /// The first workers are loading; none has said it is ready.
    case starting(generation: Int)
    case running(generation: Int)
    /// SIGHUP: generation `new` is starting; `old` (nil after rapid-fail) drains once it accepts.
    case reloading(old: Int?, new: Int)
    /// Rapid-fail protection stopped the workers; the supervisor answers 503 itself.
    case rapidFailStopped(reason: String)
    case stopping

    /// After a reload from the rapid-fail state failed: still stopped.
    var afterFailedReload: SupervisorPhase { .rapidFailStopped(reason: "a reload failed") }
}
