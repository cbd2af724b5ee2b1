/// Where a filter's or module's notifications run (`threading="pool"` / `"eventLoop"` in the
/// configuration).
public enum ExecutionMode: String, Sendable, Equatable, CaseIterable {
    /// On a thread of the blocking-call pool, with the connection parked meanwhile: the code may
    /// block (a database query, an LDAP bind, `Sleep`) as on IIS's worker threads. The default
    /// for native code.
    case pool
    /// On the connection's event loop: no hop, but a blocking call stalls every connection on that
    /// loop. Opt-in for code the porter knows never blocks; Swift filters and modules run so.
    case eventLoop

    /// The configuration spelling, for diagnostics.
    public static let attributeValues = allCases.map(\.rawValue).joined(separator: "\" or \"")
}
