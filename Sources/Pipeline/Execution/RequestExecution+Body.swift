/// A body still arriving (`RequestBodyStream`): the stage machine runs while it arrives, and
/// waits for it whole before the first module that may read it (`readsRequestBody`), or before a
/// handler that does not stream it (`streamsRequestBody`). Once the reverse proxy took the stream,
/// nothing waits for it any more: the bytes went to the upstream.
extension HttpContext {
    func mustAwaitBody(before module: Int, _ notification: RequestNotification) -> Bool {
        guard let stream = request.bodyStream, !stream.isTaken else { return false }
        let registration = pipeline.modules[module]
        if notification == .stage(.executeRequestHandler, isPost: false) { return !registration.streamsRequestBody }
        return registration.readsRequestBody
    }

    /// Stops the walk until the body ended (whole or not); `advance` goes on after the hop back.
    func awaitBody() {
        guard let stream = request.bodyStream else { return }
        awaitingBody = true
        let context = ExecutorBound(value: self)
        let executor = connection.executor
        stream.collect {
            executor.execute { context.value.whenUnparked { context.value.bodyEnded() } }
        }
    }

    private func bodyEnded() {
        guard awaitingBody, let stream = request.bodyStream else { return }
        awaitingBody = false
        switch stream.collected() {
        case .success(let bytes):
            request.body.append(contentsOf: bytes)
        case .failure(.tooLarge(let limit)):
            let length = stream.receivedBytes
            refuse(limit == rules.requestFiltering.maxAllowedContentLength
                   ? .contentTooLong(length: length, limit: limit) : .entityTooLarge(length: length, limit: limit))
        case .failure(.clientGone):
            response.needsDisconnect = true
            skipPastFinishedStage()
        case .failure(.timedOut):
            response.clear()
            response.setStatus(408)
            response.headers.set("Content-Type", "text/plain; charset=utf-8")
            response.write("408 Request Timeout: the request body arrived too slowly.\n")
            response.needsDisconnect = true
            skipPastFinishedStage()
        }
        advance()
    }

    /// The reverse proxy's side of `ReadEntityBody`: the parts of a streamed body that arrived
    /// since the last call (ReadEntity is raised for each), or, with none there yet, nothing and
    /// `onArrival` (once, on any thread) when some do. A body that was not streamed (it arrived
    /// whole, or was collected for an earlier module) comes as one part, once.
    package func takeEntityBodyParts(onArrival: @escaping @Sendable () -> Void) -> RequestBodyStream.Taken {
        guard let stream = request.bodyStream, !stream.isTaken || stream.isStreaming else {
            let whole = readEntityBody(maxBytes: request.remainingEntityBytes)
            return .parts(whole.isEmpty ? [] : [whole], ended: true)
        }
        let taken = stream.take(onArrival: onArrival)
        // Bytes a module inserted (`InsertEntityBody`) before the handler come first.
        let inserted = readEntityBody(maxBytes: request.remainingEntityBytes)
        guard case .parts(let parts, let ended) = taken else { return taken }
        var seen: [[UInt8]] = inserted.isEmpty ? [] : [inserted]
        if pipeline.chain.modules(for: .readEntity).isEmpty { return .parts(seen + parts, ended: ended) }
        for part in parts {
            let event = ReadEntityEvent(bytes: part)
            dispatchNonDeterministic(.readEntity, provider: .readEntity(event))
            seen.append(event.bytes)
        }
        return .parts(seen, ended: ended)
    }
}
