/// The status line and headers of a response about to be sent.
public struct ResponseHead: Sendable {
    public var version: HTTPVersion
    public var status: Int
    public var reason: String
    public var headers: HeaderList
    /// The body length when the whole body is known now; nil means the server frames it
    /// (chunked for HTTP/1.1, until close for HTTP/1.0).
    public var contentLength: Int?
    /// True for HEAD: headers as for GET, no body bytes.
    public var isHead: Bool
}

/// Where a connection writes its responses: the socket in the server, a buffer in the driver.
/// Calls arrive in order, one response after another, on the connection's executor.
public protocol ResponseSink: AnyObject {
    func writeHead(_ head: ResponseHead)
    func writeBody(_ bytes: [UInt8])
    /// The response is complete. `keepAlive` false: close the connection once it is written.
    func endResponse(keepAlive: Bool)
}
