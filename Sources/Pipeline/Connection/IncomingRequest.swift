/// A parsed request, as the server (or a test) hands it to a connection.
public struct IncomingRequest: Sendable {
    public var method: String
    /// The request target as sent: `/path?query`.
    public var target: String
    public var version: HTTPVersion
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The body still arriving, when the request is handed over at its head (then `body` is empty).
    public var bodyStream: RequestBodyStream?

    public init(method: String = "GET", target: String, version: HTTPVersion = .http1_1,
                headers: [(name: String, value: String)] = [], body: [UInt8] = [], bodyStream: RequestBodyStream? = nil) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.bodyStream = bodyStream
    }
}
