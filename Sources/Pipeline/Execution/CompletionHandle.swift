import Synchronization

/// The way a module that returned PENDING resumes its request, from any thread
/// (`IndicateCompletion` / `PostCompletion`). Exactly one completion is accepted; later ones are
/// refused and logged.
public final class CompletionHandle: Sendable {
    private let used = Atomic<Bool>(false)
    private let executor: any ConnectionExecutor
    private let context: ExecutorBound<HttpContext>
    private let generation: UInt64

    init(context: HttpContext, executor: any ConnectionExecutor, generation: UInt64) {
        self.context = ExecutorBound(value: context)
        self.executor = executor
        self.generation = generation
    }

    /// `IndicateCompletion`: the pending notification's result is `status`; the module is not re-entered.
    @discardableResult
    public func indicateCompletion(_ status: NotificationStatus) -> Bool {
        deliver(.indicate(status))
    }

    /// `PostCompletion`: the module's `handleAsyncCompletion` runs with `bytes` and decides the result.
    @discardableResult
    public func postCompletion(bytes: UInt32 = 0, status: Int32 = 0) -> Bool {
        deliver(.post(AsyncCompletion(bytes: bytes, status: status)))
    }

    private func deliver(_ completion: PendingCompletion) -> Bool {
        guard used.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            let context = self.context
            executor.execute {
                context.value.pipeline.logger.error(
                    "a second completion for one PENDING notification was refused",
                    metadata: ["request": "\(context.value.requestID)"])
            }
            return false
        }
        let context = self.context
        let generation = self.generation
        executor.execute { context.value.resume(completion, generation: generation) }
        return true
    }
}

enum PendingCompletion: Sendable {
    case indicate(NotificationStatus)
    case post(AsyncCompletion)
}

struct PendingNotification {
    let module: Int
    let notification: RequestNotification
    let generation: UInt64
}
