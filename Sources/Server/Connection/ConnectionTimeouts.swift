import NIOCore

/// The timeouts a connection applies, in the units its idle checks count.
struct ConnectionTimeouts {
    let idle: TimeAmount
    let slowClient: TimeAmount
    let linger: TimeAmount
    /// How often `IdleStateHandler` reports a connection on which nothing was read.
    let checkInterval: TimeAmount

    init(_ timeouts: ServerTimeouts) {
        idle = TimeAmount(timeouts.idle)
        slowClient = TimeAmount(timeouts.slowClient)
        linger = TimeAmount(timeouts.linger)
        checkInterval = min(idle, slowClient)
    }
}
