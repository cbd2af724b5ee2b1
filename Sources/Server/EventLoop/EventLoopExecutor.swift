import NIOCore
import Pipeline

/// Runs a connection's deferred work (PENDING completions) on the connection's event loop.
///
/// `EventLoop.execute` always enqueues, even when called on the loop itself, which is exactly the
/// "never inline" promise `ConnectionExecutor` makes.
struct EventLoopExecutor: ConnectionExecutor {
    let loop: any EventLoop

    func execute(_ work: @escaping @Sendable () -> Void) {
        loop.execute(work)
    }
}
