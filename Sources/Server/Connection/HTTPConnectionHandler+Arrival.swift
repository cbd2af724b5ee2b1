import NIOCore

/// Holding a request that arrives too slowly to its deadlines: a head must be complete within
/// `requestHead` of its first byte, and a body must keep `minBodyBytesPerSecond` once the grace
/// period passed. A client trickling one byte every few seconds never looks idle, so the idle
/// checks alone would let it hold the connection for ever.
extension HTTPConnectionHandler {
    func startArrivalTimer(_ context: ChannelHandlerContext) {
        guard arrivalTimer == nil else { return }
        arrivalTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeouts.arrivalTick) { [weak self] in
            guard let self else { return }
            arrivalTimer = nil
            checkArrival()
            if arrival.inProgress && lifecycle.acceptsRequests, let context = self.context { startArrivalTimer(context) }
        }
    }

    func stopArrivalTimer() {
        arrivalTimer?.cancel()
        arrivalTimer = nil
    }

    func checkArrival() {
        guard lifecycle.acceptsRequests, arrival.inProgress else {
            stopArrivalTimer()
            return
        }
        // The server is busy with earlier requests, or stopped reading (back-pressure): not the client's fault.
        guard lifecycle.responsesOwed == 0 || receiving != nil, !lifecycle.readPaused || receiving?.stream != nil,
              !bodyStreamFull else { return }
        switch arrival.verdict(at: .now(), headDeadline: timeouts.requestHead, minBodyRate: limits.minBodyBytesPerSecond,
                               grace: timeouts.bodyRateGrace) {
        case .onTime:
            return
        case .headTooSlow(let took):
            logger.info("408 for a request head still incomplete after \(took) from \(remoteDescription)")
            refuse(.requestTimeout)
        case .bodyTooSlow(let bytes, let over):
            logger.info("408 for a request body arriving at \(bytes) bytes in \(over) from \(remoteDescription) (minimum \(limits.minBodyBytesPerSecond) bytes/s)")
            refuse(.requestTimeout)
        }
    }

    var remoteDescription: String {
        context?.channel.remoteAddress?.description ?? "a client"
    }
}
