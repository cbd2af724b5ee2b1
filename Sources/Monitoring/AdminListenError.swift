/// The admin listener could not bind: named as `--admin-port`, so a clash is not mistaken for one on
/// the site's `--port`.
public struct AdminListenError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let underlying: any Error

    public var description: String {
        "cannot listen for metrics on \(host):\(port): \(underlying). Choose another --admin-port or --admin-host, or stop whatever uses it."
    }
}
