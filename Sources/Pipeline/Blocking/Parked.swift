/// Passes a connection's non-Sendable state to the pool thread that owns it while the connection is
/// parked, and the result back. Sound only because the event loop does not touch the connection
/// between `runParked` handing the work over and the result coming back (`PipelineConnection+Parking`).
struct Parked<Value>: @unchecked Sendable {
    let value: Value
}
