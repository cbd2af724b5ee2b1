import Pipeline

/// Opening and closing a `PipelineConnection` for one TCP connection, shared by the HTTP/1.1
/// handler and the HTTP/2 session (whose streams all run on one such connection).
extension PipelineConnection {
    /// A connection for `pipeline` on the loop of `resources`, writing to `sink`. `completed` hears
    /// each request completed while the client is connected.
    static func serving(_ pipeline: RequestPipeline, info: ConnectionInfo, resources: LoopResources, sink: any ResponseSink,
                        completed: @escaping (HttpContext) -> Void) -> PipelineConnection {
        let connection = PipelineConnection(pipeline: pipeline, info: info, executor: resources.executor, pool: resources.pool)
        connection.serve(sink, resources: resources, completed: completed)
        return connection
    }

    /// Makes `sink` the writer of this connection's responses (again, when an HTTP/2 session takes
    /// over the connection an HTTP/1.1 handler opened).
    func serve(_ sink: any ResponseSink, resources: LoopResources, completed: @escaping (HttpContext) -> Void) {
        self.sink = sink
        onRequestCompleted = { [unowned self] context in
            if isConnected {
                completed(context)
            } else if resources.lingering[ObjectIdentifier(self)] != nil {
                // `close()` finishes right after this callback; then nothing needs the connection.
                let key = ObjectIdentifier(self)
                resources.loop.assumeIsolated().execute { resources.lingering.removeValue(forKey: key) }
            }
        }
        // A close that waited for a pooled END_OF_NET_SESSION (or a pooled call in progress)
        // finishes later: the lingering connection goes then.
        onClosed = { [unowned self] in
            let key = ObjectIdentifier(self)
            guard resources.lingering[key] != nil else { return }
            resources.loop.assumeIsolated().execute { resources.lingering.removeValue(forKey: key) }
        }
    }

    /// The client is gone: close, once. A request still PENDING keeps the connection alive (in
    /// `lingering`) until it completes.
    func closeServing(_ resources: LoopResources) {
        close()
        if !isClosed { resources.lingering[ObjectIdentifier(self)] = self }
    }
}
