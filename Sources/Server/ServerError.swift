/// Why the server could not start.
public enum ServerError: Error, CustomStringConvertible {
    case alreadyStarted
    case bindFailed(host: String, port: Int, underlying: any Error)

    public var description: String {
        switch self {
        case .alreadyStarted:
            "the server was already started; make a new HTTPServer to listen again"
        case .bindFailed(let host, let port, let underlying):
            "cannot listen on \(host):\(port): \(underlying). Choose another --port or --host, or stop whatever uses it."
        }
    }
}
