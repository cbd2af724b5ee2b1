/// Where a connection's work runs: the event loop in the server, a queue in the in-process driver.
/// PENDING completions hop here, so a request always resumes on its connection's executor.
public protocol ConnectionExecutor: Sendable {
    /// Runs `work` later on the executor, never inline, even when called from the executor itself.
    func execute(_ work: @escaping @Sendable () -> Void)
}

/// Passes a non-Sendable value to the executor that owns it. Sound only because every access then
/// happens on that one executor.
struct ExecutorBound<Value>: @unchecked Sendable {
    let value: Value
}
