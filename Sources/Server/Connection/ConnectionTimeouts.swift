import NIOCore

/// The timeouts a connection applies, in the units its checks count.
struct ConnectionTimeouts {
    let idle: TimeAmount
    let slowClient: TimeAmount
    let linger: TimeAmount
    /// How often `IdleSweeper` reports a connection on which nothing was read.
    let checkInterval: TimeAmount
    /// Nil: no deadline for a complete head.
    let requestHead: TimeAmount?
    let bodyRateGrace: TimeAmount
    /// How often a head or body in progress is checked against its deadline or rate.
    let arrivalTick: TimeAmount

    init(_ timeouts: ServerTimeouts) {
        idle = TimeAmount(timeouts.idle)
        slowClient = TimeAmount(timeouts.slowClient)
        linger = TimeAmount(timeouts.linger)
        checkInterval = min(idle, slowClient)
        requestHead = timeouts.requestHead > .zero ? TimeAmount(timeouts.requestHead) : nil
        bodyRateGrace = TimeAmount(timeouts.bodyRateGrace)
        let head = requestHead ?? .seconds(1)
        let quarter = TimeAmount.nanoseconds(min(head, max(bodyRateGrace, .milliseconds(40))).nanoseconds / 4)
        arrivalTick = max(.milliseconds(10), min(.seconds(1), quarter))
    }
}
