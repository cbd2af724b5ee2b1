import NIOCore
import Pipeline

extension RequestBodyStream {
    /// A stream for a body of `declaredLength` (nil: chunked) whose consumer, on making room,
    /// calls `resume` with `handler` on `loop`: the connection's (HTTP/1.1) or the stream's
    /// (HTTP/2) way of reading the client again. The wake-up holds the handler weakly, so a
    /// stream the proxy still holds does not keep a closed connection's handler alive.
    static func wakingUp<Handler: AnyObject>(
        _ handler: Handler, on loop: (any EventLoop)?, capacity: Int, declaredLength: Int?,
        resume: @escaping (Handler) -> Void
    ) -> RequestBodyStream {
        let stream = RequestBodyStream(capacity: capacity, declaredLength: declaredLength)
        guard let loop else { return stream }
        let target = NIOLoopBound(WeakTarget(handler, resume), eventLoop: loop)
        stream.setOnSpace { loop.execute { target.value.wake() } }
        return stream
    }
}

/// The handler, held weakly, and what waking it does.
private final class WeakTarget<Handler: AnyObject> {
    private weak var handler: Handler?
    private let resume: (Handler) -> Void

    init(_ handler: Handler, _ resume: @escaping (Handler) -> Void) {
        self.handler = handler
        self.resume = resume
    }

    func wake() { if let handler { resume(handler) } }
}
