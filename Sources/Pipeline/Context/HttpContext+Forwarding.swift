/// Requests that a reverse proxy handler executes (see `ForwardTarget`).
extension HttpContext {
    /// Whether the site has a forwarding module, i.e. whether `forward(to:)` can succeed.
    public var canForward: Bool { pipeline.forwardingModule != nil }

    /// Records that this request goes to `target`: at MapRequestHandler the site's forwarding
    /// module is chosen as the only handler, whatever `<handlers>` say. Returns false (and records
    /// nothing) when the site has no forwarding module; the caller answers then (502).
    @discardableResult
    public func forward(to target: ForwardTarget) -> Bool {
        guard canForward else { return false }
        forwardTarget = target
        return true
    }
}

extension HttpContext {
    /// Calls `handler` once, on the executor, when the client connection closes while this request
    /// is still in flight (a handler streaming from elsewhere stops then: the sink's
    /// `whenCanTakeMore` is never called for a connection that is gone). One handler at a time; a
    /// later call replaces it. Not called for a request that completes first.
    public func whenDisconnected(_ handler: @escaping () -> Void) {
        disconnectHandler = handler
    }
}
