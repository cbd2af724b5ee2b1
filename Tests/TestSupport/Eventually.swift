/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
///
/// The default is generous on purpose: the whole suite runs hundreds of tests at once on two
/// cores, where a test that takes a second alone has taken 100 s, and a server's reaction to a
/// close was seen to take over 3 s there (the HTTP/2 connection test failed CI at 3 s). A condition
/// that holds returns at once, so only a failing expectation pays the wait.
public func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}
