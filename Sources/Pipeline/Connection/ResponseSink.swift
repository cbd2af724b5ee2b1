/// The status line and headers of a response about to be sent.
public struct ResponseHead: Sendable {
    public var version: HTTPVersion
    public var status: Int
    public var reason: String
    /// Every header of the head: the response's own (`fields`) and, when the pipeline adds it,
    /// `Server` last. Reading it with `server` set builds that list (a copy); writers on the hot
    /// path read `fields` and `server` instead. Setting it replaces both.
    public var headers: HeaderList {
        get {
            guard let server else { return fields }
            var all = fields
            all.set("Server", server)
            return all
        }
        set {
            fields = newValue
            server = nil
        }
    }
    /// The response's own headers, as its modules and filters left them: shared with the response,
    /// not copied, when the head is built.
    package var fields: HeaderList
    /// The `Server` header the pipeline adds to a response without one, sent after `fields`
    /// (where `HeaderList.set` would have put it). Kept apart so that adding it copies nothing.
    package var server: String?
    /// The body length when the whole body is known now; nil means the server frames it
    /// (chunked for HTTP/1.1, until close for HTTP/1.0).
    public var contentLength: Int?
    /// True for HEAD: headers as for GET, no body bytes.
    public var isHead: Bool
    /// Whether the connection stays open after this response, as decided when the head is sent
    /// (`endResponse` has the final word).
    public var keepAlive: Bool

    public init(version: HTTPVersion, status: Int, reason: String, headers: HeaderList,
                contentLength: Int?, isHead: Bool, keepAlive: Bool) {
        self.version = version
        self.status = status
        self.reason = reason
        self.fields = headers
        self.server = nil
        self.contentLength = contentLength
        self.isHead = isHead
        self.keepAlive = keepAlive
    }
}

/// Where a connection writes its responses: the socket in the server, a buffer in the driver.
/// Calls arrive in order, one response after another, on the connection's executor.
public protocol ResponseSink: AnyObject {
    func writeHead(_ head: ResponseHead)
    func writeBody(_ bytes: [UInt8])
    /// A body part to send from a file. A sink that cannot stream files gets its bytes through
    /// `writeBody` (the default); fewer than `file.length` when the file became shorter.
    func writeFile(_ file: ResponseFile)
    /// The response is complete. `keepAlive` false: close the connection once it is written.
    func endResponse(keepAlive: Bool)
    /// Bytes the pipeline framed itself (filters' WriteClient, SEND_RESPONSE_HEADER, responses that
    /// passed through SEND_RAW_DATA), written as they are. A response written this way gets no
    /// `writeHead`, so `endResponse` must add no framing of its own.
    func writeRaw(_ bytes: [UInt8])
    /// The pipeline answered a request it could not accept at all (a URL that cannot be made
    /// canonical) with `status`, before any module saw it: a protocol-level answer, which the
    /// server counts with its own (`ServerConfiguration.onProtocolAnswer`).
    func requestRejected(status: Int)
    /// False while more response bytes wait for the client than the server's bound allows: a
    /// pipeline producing bytes itself (a file through SEND_RAW_DATA filters) pauses then.
    var canTakeMore: Bool { get }
    /// Calls `resume` once, on the connection's executor and after returning, when `canTakeMore` is
    /// true again (a connection that closes meanwhile is finished by `PipelineConnection.close()`).
    /// One waiter at a time; a later call replaces it.
    func whenCanTakeMore(_ resume: @escaping () -> Void)
}

extension ResponseSink {
    public func requestRejected(status: Int) {}

    /// A sink without a bound (a buffer) always takes more.
    public var canTakeMore: Bool { true }

    /// Never needed while `canTakeMore` is true; resuming at once is the safe answer anyway.
    public func whenCanTakeMore(_ resume: @escaping () -> Void) { resume() }

    public func writeFile(_ file: ResponseFile) {
        file.readChunks { writeBody($0) }
    }
}

